"""Demo question bank: 24 questions in three categories (single, multiple, true/false),
each with its explanation, enough for the demo exam's and contest's blueprints.

Idempotent: questions are found by their code (DEMO-001 …).
"""

from __future__ import annotations

from courses.services import Category
from learning.models import Difficulty, Option, Question, QuestionKind

S, M, TF = QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE
YES_NO = ("正确", "错误")

# (kind, category, difficulty, text, options, indexes of the correct options, explanation)
QUESTIONS: tuple[tuple[str, str, str, str, tuple[str, ...], tuple[int, ...], str], ...] = (
    (
        S,
        Category.STRESS,
        Difficulty.EASY,
        "感到工作压力很大时，下列哪种做法最有助于缓解？",
        ("连续加班把事情做完", "腹式呼吸并短暂休息", "靠喝酒放松", "独自忍着不说"),
        (1,),
        "腹式呼吸能让身体从应激状态中平复，短暂休息有助于恢复精力。",
    ),
    (
        S,
        Category.STRESS,
        Difficulty.EASY,
        "长期压力最常见的身体信号是？",
        ("睡眠变差、容易疲劳", "食欲总是更好", "体力明显增强", "从不头痛"),
        (0,),
        "睡眠质量下降和持续疲劳是慢性压力的典型表现。",
    ),
    (
        S,
        Category.STRESS,
        Difficulty.EASY,
        "“番茄工作法”一般建议专注多长时间后休息？",
        ("5分钟", "25分钟", "2小时", "半天"),
        (1,),
        "25分钟专注、5分钟休息，可减少任务堆积带来的压力感。",
    ),
    (
        TF,
        Category.STRESS,
        Difficulty.EASY,
        "适度的压力可以提高工作效率。",
        YES_NO,
        (0,),
        "耶克斯—多德森定律表明，中等水平的唤醒最有利于表现。",
    ),
    (
        TF,
        Category.STRESS,
        Difficulty.EASY,
        "压力大时多喝咖啡能根本解决问题。",
        YES_NO,
        (1,),
        "咖啡因只能短暂提神，过量反而加重焦虑和失眠。",
    ),
    (
        S,
        Category.STRESS,
        Difficulty.EASY,
        "12351职工服务热线提供的是？",
        ("购物咨询", "职工心理援助和维权服务", "快递查询", "天气预报"),
        (1,),
        "12351是全国总工会职工服务热线，包括心理援助。",
    ),
    (
        M,
        Category.STRESS,
        Difficulty.MEDIUM,
        "下列哪些是有效的减压方式？（多选）",
        ("规律运动", "和信任的人倾诉", "熬夜刷手机", "把担心写下来"),
        (0, 1, 3),
        "运动、倾诉和书写都能帮助情绪表达与身体放松；熬夜会加重疲劳。",
    ),
    (
        M,
        Category.STRESS,
        Difficulty.MEDIUM,
        "职场压力源可能包括哪些？（多选）",
        ("工作量过大", "角色不清", "人际冲突", "适当的休假"),
        (0, 1, 2),
        "工作负荷、角色模糊和人际冲突是常见压力源，休假是保护因素。",
    ),
    (
        S,
        Category.EMOTION,
        Difficulty.EASY,
        "情绪管理的第一步通常是？",
        ("压抑情绪", "觉察并命名自己的情绪", "立刻发泄", "转移给别人"),
        (1,),
        "先觉察和命名情绪，才能选择合适的应对方式。",
    ),
    (
        S,
        Category.EMOTION,
        Difficulty.EASY,
        "愤怒时“暂停”一下，建议先做什么？",
        ("深呼吸数到十", "马上回复消息", "摔东西", "大声争吵"),
        (0,),
        "短暂停顿和深呼吸能让理智脑重新参与决策。",
    ),
    (
        TF,
        Category.EMOTION,
        Difficulty.EASY,
        "负面情绪都是有害的，应该完全消除。",
        YES_NO,
        (1,),
        "负面情绪也有提醒和保护作用，关键是适度表达与调节。",
    ),
    (
        TF,
        Category.EMOTION,
        Difficulty.EASY,
        "把情绪说出来有助于降低情绪强度。",
        YES_NO,
        (0,),
        "研究发现“情绪标注”能降低杏仁核的激活。",
    ),
    (
        S,
        Category.EMOTION,
        Difficulty.EASY,
        "同事情绪低落时，较好的回应是？",
        ("“这有什么大不了的”", "认真倾听并表达理解", "马上讲道理", "避而不见"),
        (1,),
        "倾听和共情比急于给建议更能让对方感到被支持。",
    ),
    (
        TF,
        Category.EMOTION,
        Difficulty.EASY,
        "情绪低落持续两周以上应寻求专业帮助。",
        YES_NO,
        (0,),
        "持续两周以上的低落可能是抑郁的信号，可拨打12351或预约咨询。",
    ),
    (
        M,
        Category.EMOTION,
        Difficulty.MEDIUM,
        "下列哪些属于情绪调节策略？（多选）",
        ("认知重评", "正念呼吸", "反复回想糟糕经历", "适度运动"),
        (0, 1, 3),
        "认知重评、正念和运动都是有效策略；反复回想会加重负面情绪。",
    ),
    (
        S,
        Category.EMOTION,
        Difficulty.MEDIUM,
        "“情绪ABC理论”中的B指的是？",
        ("诱发事件", "对事件的信念和看法", "行为后果", "身体反应"),
        (1,),
        "埃利斯的ABC理论认为，情绪由我们对事件的看法（B）决定。",
    ),
    (
        S,
        Category.RESILIENCE,
        Difficulty.EASY,
        "心理韧性指的是？",
        ("从不遇到挫折", "在逆境中恢复和成长的能力", "情绪从不波动", "性格外向"),
        (1,),
        "心理韧性是面对逆境时适应、恢复并成长的能力，可以通过练习提升。",
    ),
    (
        TF,
        Category.RESILIENCE,
        Difficulty.EASY,
        "良好的睡眠是心理健康的重要基础。",
        YES_NO,
        (0,),
        "睡眠不足会削弱情绪调节能力。",
    ),
    (
        S,
        Category.RESILIENCE,
        Difficulty.EASY,
        "发现身边人可能有自伤风险时，应该？",
        ("保守秘密不告诉任何人", "陪伴并尽快联系专业人员", "劝他想开点就走开", "在群里讨论"),
        (1,),
        "危机时要陪伴、不评判，并尽快联系专业人员或拨打热线。",
    ),
    (
        M,
        Category.RESILIENCE,
        Difficulty.MEDIUM,
        "提升心理韧性的做法有哪些？（多选）",
        ("建立支持性的人际关系", "设定可实现的小目标", "完全回避困难", "培养感恩习惯"),
        (0, 1, 3),
        "支持关系、小目标和感恩练习都能增强韧性；回避会削弱应对能力。",
    ),
    (
        S,
        Category.RESILIENCE,
        Difficulty.MEDIUM,
        "心理服务骨干的主要职责是？",
        ("替代专业治疗", "早发现、早疏导并及时转介", "诊断精神疾病", "开具药物"),
        (1,),
        "骨干做第一线的发现与支持，需要时转介给专业人员。",
    ),
    (
        TF,
        Category.RESILIENCE,
        Difficulty.MEDIUM,
        "心理咨询的内容在一般情况下应当保密。",
        YES_NO,
        (0,),
        "保密是咨询的基本伦理，只有危及生命等例外情形。",
    ),
    (
        S,
        Category.RESILIENCE,
        Difficulty.EASY,
        "正念练习的核心是？",
        ("评判自己的想法", "不加评判地觉察当下", "尽量不想任何事", "快速完成任务"),
        (1,),
        "正念是有意识地、不加评判地觉察当下的体验。",
    ),
    (
        TF,
        Category.RESILIENCE,
        Difficulty.EASY,
        "寻求心理帮助是软弱的表现。",
        YES_NO,
        (1,),
        "主动求助是对自己负责的表现，和看感冒一样正常。",
    ),
)


def load() -> int:
    """Writes the questions the bank does not hold yet; how many there are."""
    existing = set(Question.objects.filter(code__startswith="DEMO-").values_list("code", flat=True))
    for number, (kind, category, difficulty, text, options, correct, why) in enumerate(
        QUESTIONS, start=1
    ):
        code = f"DEMO-{number:03d}"
        if code in existing:
            continue
        question = Question.objects.create(
            code=code,
            kind=kind,
            category=category,
            difficulty=difficulty,
            text=text,
            explanation=why,
        )
        Option.objects.bulk_create(
            Option(question=question, position=i, text=option, is_correct=i - 1 in correct)
            for i, option in enumerate(options, start=1)
        )
    return len(QUESTIONS)
