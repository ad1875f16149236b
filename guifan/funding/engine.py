"""The floating-funding formula (M12) over every organisation at once: pure Polars, no database.

Money is held as whole fen (Int64) inside the frame so that every sum is exact, and turned into Decimal yuan at the
edges (`yuan`). Each line of `lines(rules)` is one column of the result; the payers' columns split each added line by
its shares (the last payer takes the remainder, so the payers always add up to the line). The input frame
(guifan.funding.inputs) has one row per organisation: id, host_kind, domain, primary, new_separate, county_code,
stars, rectification, members, secretaries, working.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

FEN = 100
SCALE = 1_000_000  # shares and factors as millionths


def fen(amount: Decimal) -> int:
    return int((amount * FEN).to_integral_value(ROUND_HALF_UP))


def yuan(value: int | None) -> Decimal:
    return (Decimal(int(value or 0)) / FEN).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Line:
    code: str
    label: dict
    kind: str  # "floor", "info" (shown, not added), "stars", "model_site", "rectification", "increase", "two_new"
    shares: dict  # {payer: Decimal}
    cited: object


def _label(zh: str, en: str) -> dict:
    return {"zh": zh, "en": en}


def lines(rules) -> list[Line]:
    out = [Line(f.code, f.label, "floor", dict(f.shares), f.cited) for f in rules.floors]
    if rules.secretary_pay:
        out.append(Line("secretary_pay", _label("其中：村党组织书记基本报酬（不另计）",
                                                "Of which: the village secretary's basic pay (not added)"),
                        "info", {}, rules.secretary_pay["cited"]))
    out += [
        Line("stars", _label("星级浮动", "Addition for the star level"), "stars", dict(rules.star_shares),
             rules.stars_cited),
        Line("model_site", _label("示范点保障", "Extra for a model site"), "model_site", dict(rules.default_shares),
             rules.model_site_cited),
        Line("rectification", _label("软弱涣散整顿保障", "Extra under rectification"), "rectification",
             dict(rules.default_shares), rules.rectification_cited),
        Line("increase", _label("逐年递增", "Year-on-year increase"), "increase", dict(rules.default_shares),
             rules.increase_cited),
        Line("new_organisation", _label("两新组织党组织新建经费", "Two-new: newly and separately set up (once)"),
             "two_new", dict(rules.two_new_shares), rules.two_new_cited),
        Line("secretary_allowance", _label("两新组织党组织书记津贴", "Two-new: secretary allowance"), "two_new",
             dict(rules.two_new_shares), rules.two_new_cited),
        Line("member_subsidy", _label("两新组织党员党建工作经费补助", "Two-new: subsidy per member"), "two_new",
             dict(rules.two_new_shares), rules.two_new_cited),
    ]
    return out


def compute(rules, frame: pl.DataFrame, year: int, model_sites: pl.Series | None = None) -> pl.DataFrame:
    """The frame with one fen column per line (`line|<code>`), per payer (`payer|<code>`) and `total`."""
    hosts = pl.col("host_kind")
    funded = pl.col("primary") & hosts.is_in(list(rules.hosts))
    two_new = pl.col("primary") & (pl.col("domain") == "N")
    model = pl.lit(False) if model_sites is None else pl.col("id").is_in(model_sites.implode())
    exprs = {}
    for f in rules.floors:
        exprs[f.code] = pl.when(pl.col("primary") & hosts.is_in(list(f.hosts))).then(fen(f.amount)).otherwise(0)
    if rules.secretary_pay:
        s = rules.secretary_pay
        incomes = {k: fen(v * s["times"]) for k, v in s["rural_income"].items() if k != "default"}
        default = fen(s["rural_income"]["default"] * s["times"])
        exprs["secretary_pay"] = pl.when(pl.col("primary") & hosts.is_in(list(s["hosts"]))).then(
            pl.col("county_code").replace_strict(incomes, default=default, return_dtype=pl.Int64)).otherwise(0)
    additions = {k: fen(v) for k, v in rules.star_additions.items()}
    exprs["stars"] = pl.when(funded & pl.col("stars").is_not_null()).then(
        pl.col("stars").replace_strict(additions, default=0, return_dtype=pl.Int64)).otherwise(0)
    exprs["model_site"] = pl.when(funded & model).then(fen(rules.model_site)).otherwise(0)
    exprs["rectification"] = pl.when(funded & pl.col("rectification")).then(fen(rules.rectification)).otherwise(0)
    out = frame.with_columns(pl.lit(0, pl.Int64).alias("_"), *(e.cast(pl.Int64).alias(f"line|{k}")
                                                                for k, e in exprs.items()))
    floating = [f"line|{f.code}" for f in rules.floors] + ["line|stars", "line|model_site", "line|rectification"]
    factor = int((rules.increase_factor(year) * SCALE).to_integral_value(ROUND_HALF_UP))
    out = out.with_columns(((pl.sum_horizontal(floating) * factor + SCALE // 2) // SCALE).alias("line|increase"))
    out = out.with_columns(
        pl.when(two_new & pl.col("new_separate") & pl.col("working")).then(fen(rules.new_organisation))
        .otherwise(0).cast(pl.Int64).alias("line|new_organisation"),
        pl.when(two_new).then(pl.col("secretaries") * fen(rules.per_secretary)).otherwise(0).cast(pl.Int64)
        .alias("line|secretary_allowance"),
        pl.when(two_new).then(pl.col("members") * fen(rules.per_member)).otherwise(0).cast(pl.Int64)
        .alias("line|member_subsidy"),
    )
    added = [ln for ln in lines(rules) if ln.kind != "info"]
    payers = list(rules.payers)
    parts: dict[str, list[pl.Expr]] = {p: [] for p in payers}
    for ln in added:
        column, given = pl.col(f"line|{ln.code}"), [p for p in payers if p in ln.shares]
        taken = []
        for p in given[:-1]:
            share = int((ln.shares[p] * SCALE).to_integral_value(ROUND_HALF_UP))
            part = (column * share + SCALE // 2) // SCALE
            parts[p].append(part)
            taken.append(part)
        if given:
            parts[given[-1]].append(column - (pl.sum_horizontal(taken) if taken else 0))
    return out.drop("_").with_columns(
        pl.sum_horizontal([f"line|{ln.code}" for ln in added]).alias("total"),
        *(pl.sum_horizontal(parts[p]).cast(pl.Int64).alias(f"payer|{p}") if parts[p]
          else pl.lit(0, pl.Int64).alias(f"payer|{p}") for p in payers))


def money_columns(rules) -> list[str]:
    return [f"line|{ln.code}" for ln in lines(rules)] + [f"payer|{p}" for p in rules.payers] + ["total"]


def by_region(rules, result: pl.DataFrame, levels: tuple[str, ...]) -> pl.DataFrame:
    """Sums of every line, payer and total (and counts of funded organisations) per (level, region id)."""
    columns = money_columns(rules)
    frames = []
    for level in levels:
        grouped = (result.filter(pl.col(level).is_not_null()).group_by(level)
                   .agg((pl.col("total") > 0).sum().alias("organisations"), *(pl.col(c).sum() for c in columns))
                   .rename({level: "region_id"}).with_columns(pl.lit(level).alias("level")))
        frames.append(grouped)
    return pl.concat(frames, how="vertical_relaxed") if frames else pl.DataFrame()
