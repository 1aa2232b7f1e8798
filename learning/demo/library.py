"""Demo data of the online library: articles, videos (external https addresses), relaxation
audio (a generated calm tone, a few seconds of WAV) and this month's two premium courses.

Idempotent: items are found by their title; the audio file is written once.
"""

from __future__ import annotations

import io
import math
import struct
import wave

from django.core.files.base import ContentFile

from accounts.models import User
from core import clock
from courses.services import Audience, Category
from learning import services
from learning.models import ItemKind, ItemStatus, LibraryItem, PremiumCourse

ARTICLES = (
    (
        "职场压力自测与五个减压小方法",
        Category.STRESS,
        "<h2>压力从哪里来</h2><p>工作节奏快、任务多、休息少，都会让身体一直处在“紧绷”状态。</p>"
        "<h2>五个小方法</h2><ol><li>每天留出十分钟<strong>什么都不做</strong>。</li>"
        "<li>腹式呼吸：吸气四秒，停两秒，呼气六秒。</li><li>把担心写下来。</li>"
        "<li>规律作息，睡前一小时放下手机。</li><li>和信任的人聊一聊。</li></ol>"
        "<p>如果持续两周以上情绪低落，可以拨打12351职工服务热线。</p>",
    ),
    (
        "和孩子好好说话：亲子沟通三步法",
        Category.PARENTING,
        "<p>孩子发脾气时，先<em>接住情绪</em>，再讲道理。</p>"
        "<ul><li>第一步：蹲下来，看着孩子的眼睛。</li><li>第二步：说出你看到的感受。</li>"
        "<li>第三步：一起想办法。</li></ul>",
    ),
)
VIDEOS = (
    (
        "情绪急救：三分钟学会稳定情绪",
        Category.EMOTION,
        "https://media.w3.org/2010/05/sintel/trailer.mp4",
    ),
    (
        "团队沟通中的倾听技巧",
        Category.TEAM,
        "https://media.w3.org/2010/05/bunny/trailer.mp4",
    ),
)
AUDIO_TITLE = "睡前放松：身体扫描冥想"


def calm_tone(seconds: int = 6, rate: int = 8000) -> bytes:
    """A soft 220 Hz tone fading in and out, as a mono 16-bit WAV."""
    frames = bytearray()
    total = seconds * rate
    for n in range(total):
        envelope = math.sin(math.pi * n / total)
        sample = int(6000 * envelope * math.sin(2 * math.pi * 220 * n / rate))
        frames += struct.pack("<h", sample)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return buffer.getvalue()


def _item(admin: User, title: str, **fields: object) -> LibraryItem:
    existing = LibraryItem.objects.filter(title=title).first()
    if existing is not None:
        return existing
    media = fields.pop("media", None)
    item = LibraryItem(title=title, status=ItemStatus.PUBLISHED, **fields)  # type: ignore[arg-type]
    if isinstance(media, bytes):
        item.media_file.save("relaxation-body-scan.wav", ContentFile(media), save=False)
    return services.item_save(actor=admin, item=item)


def load(admin: User) -> list[LibraryItem]:
    items = [
        _item(
            admin,
            title,
            kind=ItemKind.ARTICLE,
            category=category,
            body=body,
            summary=title,
            duration_minutes=5,
            audiences=[Audience.ALL],
        )
        for title, category, body in ARTICLES
    ]
    items += [
        _item(
            admin,
            title,
            kind=ItemKind.VIDEO,
            category=category,
            external_url=url,
            summary="中心专家录制的短视频课程。",
            duration_minutes=3,
            audiences=[Audience.FRONTLINE, Audience.GIG],
        )
        for title, category, url in VIDEOS
    ]
    items.append(
        _item(
            admin,
            AUDIO_TITLE,
            kind=ItemKind.AUDIO,
            category=Category.RESILIENCE,
            summary="跟着声音放松全身，适合睡前收听。",
            duration_minutes=1,
            media=calm_tone(),
        )
    )
    today = clock.today()
    if not PremiumCourse.objects.filter(year=today.year, month=today.month).exists():
        for item in (items[2], items[0]):
            services.premium_schedule(actor=admin, year=today.year, month=today.month, item=item)
    return items
