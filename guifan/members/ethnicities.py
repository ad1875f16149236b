"""The 56 ethnic groups of China in the order and spelling of GB/T 3304, plus the two residual codes.

They are data, not interface text: the register stores them in Chinese whatever the user's language."""

ETHNICITIES = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
    "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
    "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
    "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族", "其他", "外国血统中国籍人士",
)


def normalise_ethnicity(value: str) -> str | None:
    """The listed spelling of an ethnicity ("壮" and "壮族" both give "壮族"), or None when unknown."""
    value = value.strip()
    if value in ETHNICITIES:
        return value
    if value + "族" in ETHNICITIES:
        return value + "族"
    return None
