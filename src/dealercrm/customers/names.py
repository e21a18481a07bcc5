"""Search keys for Chinese names: full pinyin and initials, so an agent can type "zhangsan" or "zs" for 张三."""

import re

from pypinyin import Style, lazy_pinyin

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def pinyin_keys(name: str) -> tuple[str, str]:
    """(full pinyin, initials), lower case, no spaces; Latin letters in the name are kept as they are."""
    syllables = [s.lower() for s in lazy_pinyin(name or "", style=Style.NORMAL, errors="default")]
    full = _NON_ALNUM.sub("", "".join(syllables))
    initials = _NON_ALNUM.sub("", "".join(s[:1] for s in syllables if s.strip()))
    return full[:200], initials[:40]
