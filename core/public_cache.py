"""Public answers (stations, free slots, instruments) cached by query, data version and minute.

Only data anyone may read without credentials goes here: never anything about a person, a
session or a partner app beyond the unit its answers are limited to. An entry's key is

    public:<name>:<sha256 of the normalised query parts>:<minute>

The entry holds the data versions it was built under (read with it, one round trip) and
counts only while they are current:

- the query parts are what the answer depends on (filters, page, language, the unit a
  partner app is limited to); hashed, so a point a worker searched from is not a readable key;
- the versions are one random token per namespace ("stations", "slots", "instruments"),
  replaced on commit by whatever changes that data (`bump`, called by model signals and by
  the services that write in bulk): a changed station is served fresh on the next request;
- the minute (network time) ends every entry's use after at most 60 seconds, so "open now"
  and "free from now" are right to the minute, and a change made behind the ORM (SQL by
  hand, `QuerySet.update`) shows within a minute. The TTL is the same 60 seconds.

With the cache (Redis) unreachable, answers are computed as without it (fail open).
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from core.ratelimit import CACHE_ERRORS

logger = logging.getLogger(__name__)

T = TypeVar("T")

TTL_SECONDS = 60
STATIONS = "stations"
SLOTS = "slots"
INSTRUMENTS = "instruments"


def _version_key(namespace: str) -> str:
    return f"public:version:{namespace}"


def _tokens(found: dict[str, Any], keys: Sequence[str]) -> str:
    """The tokens of these version keys as read (`found`), joined; a missing one is made."""
    tokens = []
    for key in keys:
        token = found.get(key)
        if token is None:
            cache.add(key, uuid.uuid4().hex[:12], None)
            token = cache.get(key)
        tokens.append(str(token))
    return ".".join(tokens)


def versions(namespaces: Sequence[str]) -> str:
    """The current token of each namespace, joined (one round trip when all exist)."""
    keys = [_version_key(ns) for ns in namespaces]
    return _tokens(cache.get_many(keys), keys)


def version_keys(namespaces: Sequence[str]) -> list[str]:
    """The cache keys of these namespaces' tokens, for a caller that reads them in a round
    trip of its own (network.api.partner_hit); `versions_from` then joins what it read."""
    return [_version_key(ns) for ns in namespaces]


def versions_from(found: dict[str, Any], namespaces: Sequence[str]) -> str:
    """As `versions`, from tokens already read (`found`: version key → token or missing)."""
    return _tokens(found, version_keys(namespaces))


def bump_now(*namespaces: str) -> None:
    """Give each namespace a new token: every entry cached under the old one is dead."""
    try:
        cache.set_many({_version_key(ns): uuid.uuid4().hex[:12] for ns in namespaces}, None)
    except CACHE_ERRORS as exc:  # entries die within TTL_SECONDS anyway
        logger.warning("public cache: bump failed (%s)", exc.__class__.__name__)


def bump(*namespaces: str) -> None:
    """Bump now and again once the current transaction commits.

    A reader between the write and the commit may cache the old data under the new token;
    the bump on commit replaces that token too.
    """
    bump_now(*namespaces)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: bump_now(*namespaces))


def minute() -> int:
    return int(timezone.now().timestamp() // 60)


def _digest(parts: Iterable[Any]) -> str:
    return hashlib.sha256(repr(tuple(parts)).encode()).hexdigest()[:32]


def entry_key(
    name: str, parts: Iterable[Any], namespaces: Sequence[str], *, known: str | None = None
) -> str:
    """The key of an answer kept in this process: the versions are part of it (`known`:
    the namespaces' tokens as this request already read them, `versions_from`)."""
    tokens = known if known is not None else versions(namespaces)
    return f"public:{name}:{_digest(parts)}:{tokens}:{minute()}"


def cached(
    name: str, parts: Iterable[Any], build: Callable[[], T], *, namespaces: Sequence[str]
) -> T:
    """`build()`'s answer for these query parts, from the cache when this minute and these
    data versions already computed it. An exception in `build` is never cached.

    One round trip: the versions and the entry are read together (MGET); the entry holds
    the versions it was built under and counts only when they are still current.
    """
    key = f"public:{name}:{_digest(parts)}:{minute()}"
    version_keys = [_version_key(ns) for ns in namespaces]
    try:
        found = cache.get_many([*version_keys, key])
        tokens = _tokens(found, version_keys)
    except CACHE_ERRORS as exc:
        logger.warning("public cache %s: cache unavailable (%s)", name, exc.__class__.__name__)
        return build()
    entry = found.get(key)
    if entry is not None and entry[0] == tokens:
        return entry[1]  # type: ignore[no-any-return]
    value = build()
    try:
        cache.set(key, (tokens, value), TTL_SECONDS)
    except CACHE_ERRORS as exc:
        logger.warning("public cache %s: not stored (%s)", name, exc.__class__.__name__)
    return value


# Small read-only objects (an instrument's current version) kept in this process under the
# same key: one Redis round trip for the versions instead of a query. Bounded, never personal.
_IN_PROCESS: dict[str, Any] = {}
IN_PROCESS_MAX = 256


def cached_in_process(
    name: str,
    parts: Iterable[Any],
    build: Callable[[], T],
    *,
    namespaces: Sequence[str],
    known: str | None = None,
) -> T:
    """As `cached`, but the answer is kept in this process's memory (not pickled, so it may
    be a model row its callers only read); it ends with the same versions and minute.
    `known`: the namespaces' tokens as this request already read them (no round trip)."""
    try:
        key = entry_key(name, parts, namespaces, known=known)
    except CACHE_ERRORS as exc:
        logger.warning("public cache %s: cache unavailable (%s)", name, exc.__class__.__name__)
        return build()
    try:
        return _IN_PROCESS[key]  # type: ignore[no-any-return]
    except KeyError:
        pass
    value = build()
    if len(_IN_PROCESS) >= IN_PROCESS_MAX:
        _IN_PROCESS.clear()
    _IN_PROCESS[key] = value
    return value
