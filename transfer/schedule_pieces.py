"""Splitting 日程 text into the pieces that each make one rule (transfer/schedule_text.py)."""

from __future__ import annotations

import re

from transfer.schedule_times import ACTIVITY, parse_time_range
from transfer.text import WEEKDAYS, clean

# 「休館日は日曜日、祝日及び12月29日から1月3日まで」: the days a place is closed, to the line end.
CLOSED = re.compile(r"(?:休館日|休業日|定休日|休所日|休苑日|閉館日)\s*(?:は|[:：])\s*")


_ALL_BUT = re.compile(r"(?:以外|を除(?:き|く|いて))[のは]?\s*[、,]?\s*毎日")


# 「土・日・祝日、年末年始（12月29日～1月3日）は休み」: one list of closings, not two pieces.
_CLOSING_LIST = re.compile(rf"(?:^|\s)(?:[{WEEKDAYS}](?:曜日?)?\s*[・、]?\s*)*(?:祝(?:祭)?日?)$")
_CLOSING_END = re.compile(
    r"^[^、,]*(?:は|を)?\s*(?:お?休み|除く|休館|休業|閉館)(?:です|となります)?[。.]?\s*$"
)


def _split_outside_brackets(text: str) -> list[str]:
    """Split at 、 , / ; and line ends, not inside brackets nor in a ※ note or a 休館日は… (to
    its line end)."""
    parts, depth, current, in_note = [], 0, "", False
    for i, ch in enumerate(text):
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(depth - 1, 0)
        elif ch == "※" or CLOSED.match(text, i):
            in_note = True
        if ch == "\n":
            in_note = False
        between_digits = 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()
        if ch == "/" and between_digits:  # 「2024/10/2」 is one date
            current += ch
            continue
        # 「4月、8月、1月を除く」 is one list of months; 「火曜日、…、8月6日以外の毎日」 one
        # list of days off.
        if ch in "、," and (
            re.search(r"\d\s*月$", current)
            and re.match(r"\s*\d{1,2}\s*月", text[i + 1 :])
            or _ALL_BUT.search(text[i + 1 :].split("\n")[0])
            or _CLOSING_LIST.search(current)
            and _CLOSING_END.search(text[i + 1 :].split("\n")[0])
        ):
            current += "・"
            continue
        if ch == "\n" or (depth == 0 and not in_note and ch in "、,／/;；"):
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


# 「…まで営業している。」「…です。」: words after a time that name no day.
_PREDICATE = re.compile(
    r"(?:で|に)?(?:営業|開館|開所|開催|実施|利用|受付|オープン)?\s*(?:して|し|され|でき)?\s*"
    r"(?:いる|います|おります|ています|ております|です|ます|ています)?"
)


_COUNT = re.compile(
    r"(?:原則として|原則|概ね|おおむね)?\s*(?:毎月|月|年間?)\s*に?\s*[0-9一二三四五六七八九十]+\s*回(?:程度)?"
)
_REPEAT_START = r"(?:原則\s*[、,]?\s*)?(?:毎週|毎月|第\s*[1-5一二三四五])"


def _time_only(part: str) -> bool:
    """「午前10時30分から午後2時まで」 or 「(午前10時~午後3時)」: a time for the piece before."""
    opens, _, rest = parse_time_range(part)
    rest = re.sub(r"[(（][^()（）]*[)）]", "", rest)  # 「（月曜休館）」 goes with the time
    rest = re.sub(r"※.*$", "", rest)  # 「9:00~11:30※祝日は除く。」: so does a ※ note
    rest = re.sub(r"[\s()（）。、]|まで|原則", "", ACTIVITY.sub("", rest))
    return opens is not None and not _PREDICATE.sub("", rest)


_DATE_ONLY = re.compile(
    r"(?:(?:令和|平成|R|H)\s*(?:\d{1,2}|元)\s*[年.]|\d{4}\s*[年/.])?\s*"
    r"(?:\d{1,2}\s*[月/.]\s*)?\d{1,2}\s*日?\s*(?:\([^)]*\))?"
)


# 「…、いずれも水曜日午前10時~」: the dates' weekday said once for all, then their time
ALL_OF_THEM = re.compile(rf"(?:いずれも|各日|各回)\s*(?:([{WEEKDAYS}])(?:曜日?)?)?\s*")


_DATE_START = re.compile(
    r"(?:(?:令和|平成|R|H)\s*(?:\d{1,2}|元)\s*[年.]|\d{4}\s*[年/.]|\d{1,2}\s*月\s*\d)"
)


def _day_kind(part: str, after: bool = False) -> str | None:
    """ "weekly" for 「毎週火曜」, "nth" for 「第1木曜」: a day with nothing else (but the last
    of such a list, `after`, may carry the time)."""
    text = clean(part)
    if after:
        text = parse_time_range(text)[2].strip()
    day = rf"[{WEEKDAYS}](?:曜日?)?"
    if re.fullmatch(rf"毎週\s*{day}", text):
        return "weekly"
    nth = re.fullmatch(rf"(?:毎月)?\s*第\s*[1-5一二三四五]\s*({day})", text)
    if nth:  # 「第2水曜日、第4金曜日」 stay two rules: only the same weekday joins
        return "nth" + nth[1][0]
    return None


# 「第1火曜日・第3金曜日」 is two rules (1st Tuesday, 3rd Friday), not four days.
_NTH_GROUPS = re.compile(r"(曜日?)\s*(?:・|と|及び|および)\s*(?=(?:毎月)?第\s*[1-5一二三四五])")
# 「月～金 10:00～16:00 土 10:00～12:00」: a second pair of days and times on the line.
_PAIRS = re.compile(
    rf"(?<=[\d時分])\s+(?=(?:毎週|毎月|第\s*[1-5一二三四五]|[{WEEKDAYS}](?:曜|\s*[~～・、]|\s+\d)))"
)


_HEADING = re.compile(r"(?:開館|開所|利用|受付|営業|開催)(?:時間|日時?)")
_CLOSED_HEADING = re.compile(r"休館日|休業日|定休日|休所日|休苑日|閉館日")


def _headings(text: str) -> str:
    """「開館時間\n午前9時~午後5時\n休館日\n日曜日・祝日…」: headings one a line with their
    values below. The opening heading goes; the lines after a closing heading become one
    「休館日は…」 on the line before it (for every time above it, as one note)."""
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line and not _HEADING.fullmatch(line)]
    for i, line in enumerate(lines):
        if _CLOSED_HEADING.fullmatch(line) and 0 < i < len(lines) - 1:
            closed = "休館日は" + "、".join(lines[i + 1 :])
            before = lines[:i]
            return "\n".join(f"{b} {closed}" for b in before)
    return "\n".join(lines)


_MONTHS_OFF = re.compile(r"[\d\s月・~～と]+月\s*(?:は|を)?\s*(?:お?休み|休止|休会|除く)")


_ENDS_IN_TIME = re.compile(r"(?:\d{1,2}\s*[:：]\s*\d{2}|\d\s*時(?:\s*\d{1,2}\s*分|半)?|正午)\s*$")


def _pairs(text: str) -> str:
    """A line break before a second pair of days and times, when the line already named
    days before its time (「午前10時～午後3時 毎週水曜日」 is one pair, time first)."""
    out, start = [], 0
    for match in _PAIRS.finditer(text):
        segment = text[max(start, text.rfind("\n", 0, match.start()) + 1) : match.start()]
        if not _ENDS_IN_TIME.search(segment):
            continue  # 「毎月 第２ 土曜日」: a number, not a time
        if re.search(rf"曜|毎|第|平日|[{WEEKDAYS}]\s*[~～・、]|^\s*[{WEEKDAYS}]\s", segment):
            out.append(text[start : match.start()] + "\n")
            start = match.end()
    out.append(text[start:])
    return "".join(out)


def _bracket_note(part: str) -> bool:
    """「（祝日・年末年始を除く）」「（第5週を除く）」 on a line of its own: a note, when it
    names no time and no days of its own."""
    whole = re.fullmatch(r"[(（]([^()（）]*)[)）]", clean(part))
    if not whole or parse_time_range(whole[1])[0] is not None:
        return False
    return bool(re.search(r"除|休|以外|のみ|祝", whole[1])) and not re.search(r"毎", whole[1])


def pieces(text: str) -> list[str]:
    """Split several rules (「毎週火曜日、第1土曜日」, one a line) but not a list of days
    (「月、水、金」, 「第1、第3火曜日」, 「1日、15日」) nor a time after its days."""
    pieces: list[str] = []
    carry = ""
    text = _headings(text)
    parts = _split_outside_brackets(_pairs(_NTH_GROUPS.sub(r"\1、", text)))
    lead = ""
    for i, part in enumerate(parts):
        part = lead + part
        lead = ""
        nxt = clean(parts[i + 1]) if i + 1 < len(parts) else ""
        # 「午前10時〜(1時間程度) 原則、毎月第1・3火曜日」: a time first is the next days' time
        if (
            not pieces
            and not carry
            and _time_only(part)
            and re.match(_REPEAT_START, nxt)
            and parse_time_range(nxt)[0] is None
        ):
            lead = part + " "
            continue
        # 「将棋クラブは第2、第4火曜日に」「第2、4火曜」: the nths of one rule
        if re.search(r"第\s*[1-5一二三四五]\s*$", clean(part)) and re.match(
            r"第?\s*[1-5一二三四五](?!\s*[日月回時:：])", nxt
        ):
            carry += part + "・"
            continue
        if re.fullmatch(
            rf"(?:毎月)?(?:第\s*[1-5一二三四五]\s*[・、,]?\s*)+|[1-5一二三四五]|[{WEEKDAYS}]",
            clean(part),
        ):
            carry += part + "・"
            continue
        # 「令和6年10月2日、16日 13時30分～15時」: dates listed before their time.
        if (
            i + 1 < len(parts)
            and _DATE_ONLY.fullmatch(clean(part))
            and re.match(r"\s*(?:\d{1,2}\s*[月日/.]|令和|平成|\d{4}\s*[年/.])", clean(parts[i + 1]))
        ):
            carry += part + "・"
            continue
        # 「毎週火曜、毎週水曜」「第1木曜、第3木曜」: one rule written day by day.
        kind = _day_kind(part)
        if kind and i + 1 < len(parts) and _day_kind(parts[i + 1], after=True) == kind:
            carry += part + "・"
            continue
        # 「原則として毎月1回、第3日曜日、年間10回(8月はお休み) 9時~15時」: a count only
        # repeats the days; it and what follows it (a time, notes) go with the rule's piece.
        count = _COUNT.match(clean(part))
        if count and not carry:
            rest = clean(part)[count.end() :].strip(" 、,")
            if not rest and not pieces:
                lead = f"（{count[0].strip()}） "
                continue
            if pieces and (not rest or _time_only(re.sub(r"※.*$", "", rest))):
                pieces[-1] += f" （{count[0].strip()}）{rest}"
                continue
        if pieces and _MONTHS_OFF.fullmatch(clean(part)):
            # 「…、8月休み」: months off said after the days hold for every rule before
            pieces = [f"{piece}（{part}）" for piece in pieces]
            continue
        if pieces and (re.match(r"※|" + CLOSED.pattern, clean(part)) or _bracket_note(part)):
            pieces[-1] += " " + part  # a note on its own line belongs to the rule before
            continue
        if (
            re.fullmatch(r"\d{1,2}\s*日", clean(part))
            and pieces
            and re.search(r"\d日\s*$", clean(pieces[-1]))
        ):
            pieces[-1] += "・" + part
            continue
        each_day = ALL_OF_THEM.match(clean(part))
        if each_day and not (pieces and _DATE_START.match(clean(pieces[-1]))):
            each_day = None  # 「いずれも水曜日」 only after dates
        if pieces and not carry and _time_only(clean(part)[each_day.end() if each_day else 0 :]):
            # 「…(金曜日)\n…(金曜日)\n午前10時～正午」: a time under dates without one is theirs
            run = 0
            while (
                run < len(pieces)
                and _DATE_START.match(clean(pieces[-1 - run]))
                and (parse_time_range(pieces[-1 - run])[0] is None)
            ):
                run += 1
            for k in range(1, max(run, 1) + 1):
                pieces[-k] += " " + part
            continue
        pieces.append(carry + part)
        carry = ""
    if carry:
        pieces.append(carry.rstrip("・"))
    return pieces


# Days at the head of a clause, in the letters days are written with (「平日」「土日祝日」
# 「毎週火・木曜日」「月~金」); nothing else may stand before the time.
_CLAUSE_DAYS = re.compile(rf"([{WEEKDAYS}曜平毎週祝・~\s]+?)\s*((?:午前|午後)?\s*\d.*)")


def timed_clauses(piece: str) -> list[str]:
    """The clauses of a piece that are wholly days and a time: a whole sentence or an item of
    a bracket (「…を開設。平日午前9時~午後5時。」「(☎026・228・0989、平日午前9時~午後5時半)」).
    Days later in a sentence (「…では平日午前8時半~」, 「…会議室 (駒生) 木曜日 14時~」) are
    not read: round 4 withdrew that reading."""
    found = []
    text = clean(piece)
    brackets = re.findall(r"[(（]([^()（）]*)[)）]", text)
    items = [item for inner in brackets for item in re.split(r"[、,]", inner)]
    for clause in re.split(r"。", text) + items:
        head = _CLAUSE_DAYS.fullmatch(clause.strip())
        if not head or not re.search(rf"[{WEEKDAYS}]|平日", head[1]):
            continue
        opens, _, rest = parse_time_range(head[2])
        if opens is not None and not re.sub(r"まで|\s", "", rest):
            found.append(clause.strip())
    return found


# 「(基本的には毎月第二水曜日)」「(毎月25日)」: a bracket wholly of a clear repeat, without a time.
_BRACKET_REPEAT = re.compile(
    r"(?:基本的に(?:は)?|原則(?:として)?|主に)?\s*[、,]?\s*(毎週|毎月)\s*(\S[^、,。]*)"
)


def bracket_repeats(piece: str) -> list[str]:
    """The brackets of a piece that are wholly a repeat named with 毎週 or 毎月 (the words
    before them in the sentence say what it is): 「…相談を開いている(基本的には毎月第二水曜日)。」
    → 「毎月第二水曜日」. A bracket with anything else in it is not read."""
    found = []
    for inner in re.findall(r"[(（]([^()（）]*)[)）]", clean(piece)):
        whole = _BRACKET_REPEAT.fullmatch(inner.strip())
        if whole:
            found.append(whole[1] + whole[2])
    return found
