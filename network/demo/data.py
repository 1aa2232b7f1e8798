"""The demo city's data: districts, heart stations, employers' rooms, staff, groups."""

from __future__ import annotations

from typing import Any

from network.models import Qualification, Role

DISTRICTS = [
    # name, address, (lat, lng)
    ("市南区分中心", "市南区香港中路 76 号", (36.0662, 120.3826)),
    ("市北区分中心", "市北区辽宁路 188 号", (36.0875, 120.3640)),
    ("李沧区分中心", "李沧区京口路 58 号", (36.1453, 120.4320)),
    ("崂山区分中心", "崂山区海尔路 178 号", (36.1075, 120.4686)),
]

STATIONS = [
    # district index, name, address, (lat, lng), gig-worker station, open 24h
    (0, "八大关心灵驿站", "市南区太平角一路 5 号工会驿站", (36.0555, 120.3570), False, False),
    (0, "中山路心灵驿站", "市南区中山路 102 号工会驿站", (36.0685, 120.3178), True, False),
    (0, "五四广场心灵驿站", "市南区东海西路 35 号", (36.0609, 120.3848), True, True),
    (1, "台东心灵驿站", "市北区台东三路 88 号工会驿站", (36.0830, 120.3520), True, False),
    (1, "浮山后心灵驿站", "市北区南京路 300 号", (36.0953, 120.3951), False, False),
    (2, "李村心灵驿站", "李沧区书院路 120 号工会驿站", (36.1488, 120.4270), True, False),
    (2, "九水心灵驿站", "李沧区九水东路 66 号", (36.1620, 120.4510), False, False),
    (3, "麦岛心灵驿站", "崂山区麦岛路 23 号", (36.0795, 120.4300), False, False),
    (3, "科技城心灵驿站", "崂山区株洲路 151 号工会驿站", (36.1180, 120.4820), True, False),
]

EMPLOYERS = [
    "海湾啤酒有限公司",
    "港城公交集团",
    "蓝海电子科技",
    "青山纺织厂",
    "东方港务公司",
    "明珠百货",
    "海信路物流园",
    "双星轮胎厂",
    "北岸食品有限公司",
    "滨海医院",
    "城建集团第三公司",
    "新海燃气",
    "金沙滩酒店",
    "海洋研究院后勤中心",
    "恒通快递分拨中心",
    "长城汽车配件厂",
    "兴业银行分行",
    "华山机械厂",
    "海川水务",
    "万家超市配送中心",
    "明月海藻集团",
    "顺丰速运园区",
    "外卖骑手服务中心",
    "青岛港湾建设",
    "海之韵养老院",
    "星光制药",
    "海晶化工",
    "金桥家政服务",
    "天宇网约车服务中心",
    "国信体育中心",
    "胶州湾隧道管理处",
    "市政环卫三队",
    "海景花园酒店",
    "远洋船员服务中心",
    "东亚钢构",
    "百合电器",
    "崂山矿泉水厂",
    "高新区软件园",
    "海尔工业园服务站",
    "特锐德电气",
]

PEOPLE: list[dict[str, Any]] = [
    # email, family, given, role, unit key, practitioner profile
    {
        "email": "shinan.admin@demo.xinling.cn",
        "name": ("王", "丽"),
        "role": Role.UNIT_ADMIN,
        "unit": "市南区分中心",
    },
    {
        "email": "shibei.admin@demo.xinling.cn",
        "name": ("李", "强"),
        "role": Role.UNIT_ADMIN,
        "unit": "市北区分中心",
    },
    {
        "email": "cadre.two@demo.xinling.cn",
        "name": ("赵", "敏"),
        "role": Role.UNIT_ADMIN,
        "unit": "李沧区分中心",
        "also": "崂山区分中心",
    },
    {
        "email": "station.lead@demo.xinling.cn",
        "name": ("孙", "悦"),
        "role": Role.UNIT_ADMIN,
        "unit": "台东心灵驿站",
    },
    {
        "email": "counsellor@demo.xinling.cn",
        "name": ("陈", "静"),
        "role": Role.COUNSELLOR,
        "unit": "台东心灵驿站",
        "profile": {
            "qualification": Qualification.NATIONAL_LEVEL_2,
            "specialities": "职场压力, 情绪管理, 婚姻关系",
            "offers_phone": True,
            "offers_online": True,
            "bio": "国家二级心理咨询师，从事职工心理服务十年。",
        },
    },
    {
        "email": "counsellor2@demo.xinling.cn",
        "name": ("周", "宁"),
        "role": Role.COUNSELLOR,
        "unit": "李村心灵驿站",
        "profile": {
            "qualification": Qualification.NATIONAL_LEVEL_3,
            "specialities": "亲子关系, 家庭教育",
            "offers_phone": True,
            "bio": "专注亲子沟通与家庭教育。",
        },
    },
    {
        "email": "supervisor@demo.xinling.cn",
        "name": ("吴", "老师"),
        "role": Role.CLINICAL_SUPERVISOR,
        "unit": "市职工心理健康服务中心",
    },
    {
        "email": "expert@demo.xinling.cn",
        "name": ("郑", "教授"),
        "role": Role.EXPERT,
        "unit": "市职工心理健康服务中心",
        "profile": {
            "qualification": Qualification.REGISTERED_PSYCHOLOGIST,
            "specialities": "压力调整, 团队成长",
            "offers_online": True,
            "bio": "高校心理学教授，市专家库成员。",
        },
    },
    {
        "email": "operator@demo.xinling.cn",
        "name": ("冯", "洁"),
        "role": Role.HOTLINE_OPERATOR,
        "unit": "市职工心理健康服务中心",
    },
    {
        "email": "hotline.lead@demo.xinling.cn",
        "name": ("韩", "磊"),
        "role": Role.HOTLINE_SUPERVISOR,
        "unit": "市职工心理健康服务中心",
    },
    {
        "email": "regulator@demo.xinling.cn",
        "name": ("杨", "帆"),
        "role": Role.EMOTION_REGULATOR,
        "unit": "五四广场心灵驿站",
    },
    {
        "email": "backbone@demo.xinling.cn",
        "name": ("朱", "红"),
        "role": Role.BACKBONE,
        "unit": "海湾啤酒有限公司服务室",
    },
    {
        "email": "analyst@demo.xinling.cn",
        "name": ("何", "平"),
        "role": Role.ANALYST,
        "unit": "市职工心理健康服务中心",
    },
]

GROUPS = [
    ("gig-workers", "新就业形态劳动者重点驿站", "为快递员、外卖骑手、网约车司机等服务的驿站"),
    ("provincial-model", "省级示范工会驿站", ""),
]
