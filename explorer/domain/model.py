"""The model of a scenario, as read from its YAML source and stored in the database.

Every scenario file under ``assets/scenarios/`` is validated against these classes, so
the field names here are the file format. Cross references (an edge naming a node, a
phase highlighting a node, an option removing an edge) are checked afterwards by
``explorer.library.references.check_references`` because they need the whole scenario at once.

Everything accepted here can be stored and drawn: numbers are finite (no ``.inf`` or
``.nan``), whole numbers fit SQLite's 64-bit integers, and text holds no control
characters, noncharacters or lone surrogates (Graphviz refuses them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

# C0 controls except TAB, LF and CR; DEL and the C1 controls; lone surrogates; and the
# Unicode noncharacters (U+FDD0 to U+FDEF and the last two code points of every plane).
_LAST_TWO_OF_EVERY_PLANE = "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17))
_UNUSABLE_CHARACTER = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef" + _LAST_TWO_OF_EVERY_PLANE + "]"
)


def _printable(text: str) -> str:
    """Refuse text with a character that no font shows and Graphviz will not take."""
    found = _UNUSABLE_CHARACTER.search(text)
    if found:
        code = ord(found.group())
        if 0xD800 <= code <= 0xDFFF:
            what = "a lone surrogate"
        elif code < 0xA0:
            what = "the control character"
        else:
            what = "the noncharacter"
        raise ValueError(f"contains {what} U+{code:04X}; remove it")
    return text


Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
Text = Annotated[str, StringConstraints(max_length=20_000), AfterValidator(_printable)]
Label = Annotated[str, StringConstraints(max_length=2_000), AfterValidator(_printable)]
# Whole numbers are stored in SQLite, whose integers are signed 64-bit; a scenario has a
# handful of phases, so a phase number beyond MAX_PHASE is a mistake.
MAX_PHASE = 10_000
MAX_SQLITE_INTEGER = 2**63 - 1

ClusterKind = Literal["cloud", "region", "az", "vpc", "subnet", "account", "onprem", "edge", "generic"]
EdgeStyle = Literal["solid", "dashed", "dotted", "bold"]
Direction = Literal["LR", "TB", "RL", "BT"]


class _Strict(BaseModel):
    # allow_inf_nan=False refuses inf and nan in every float field, unions included.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class MetricDef(_Strict):
    """How a trade-off metric is labelled, shown and combined across option groups."""

    key: Key
    label: Label
    unit: Literal["usd_month", "usd", "minutes", "days", "gbps", "scale", "bool", "level", "number", "percent"]
    aggregate: Literal["sum", "max", "min", "all", "any"] = "max"
    better: Literal["lower", "higher"] = "lower"
    description: Text = ""


class MetricValue(_Strict):
    """One option's value for one metric.

    ``value`` is what requirement checks and the recommendation use; ``text`` is how the
    chapter words it ("minutes to hours"). ``estimate`` marks figures that are not in the
    chapter, and ``basis`` says how they were reached. ``formula`` names a function in
    ``explorer.domain.formulas`` that computes the value from the scenario's parameters.
    """

    value: float | bool | None = None
    #: The other end of a range the chapter gives ("minutes to hours"): ``value`` is the
    #: best case and ``worst`` the worst; a requirement is met only when the worst case
    #: meets it, and "at risk" when only the best case does.
    worst: float | None = None
    text: Label = ""
    estimate: bool = False
    basis: Text = ""
    formula: Key | None = None

    @model_validator(mode="after")
    def _range_needs_a_number(self) -> MetricValue:
        if self.worst is not None and (self.value is None or isinstance(self.value, bool) or self.formula):
            raise ValueError("worst needs a number in value (the best case) and no formula")
        return self


MetricInput = float | bool | MetricValue


class Parameter(_Strict):
    key: Key
    label: Label
    value: float
    unit: Label = ""
    min: float | None = None
    max: float | None = None
    #: Values are whole multiples of ``step`` (1 for a count of instances or users);
    #: a what-if, a sweep and a tipping point only take such values.
    step: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _value_fits(self) -> Parameter:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min:g} is above max {self.max:g}")
        if (self.min is not None and self.value < self.min) or (self.max is not None and self.value > self.max):
            raise ValueError(f"value {self.value:g} is outside min to max")
        if self.step is not None and abs(self.value / self.step - round(self.value / self.step)) > 1e-9:
            raise ValueError(f"value {self.value:g} is not a multiple of step {self.step:g}")
        return self


def _chapter_spelling(value: object) -> object:
    """Older files spell the chapter's own requirements ``source: seed``; read it as ``chapter``."""
    return "chapter" if value == "seed" else value


#: Where a requirement comes from: the chapter's list of requirements, or its recommended
#: solution. The old spelling ``seed`` is still read, and stored as ``chapter``.
RequirementSource = Annotated[Literal["chapter", "solution"], BeforeValidator(_chapter_spelling)]


class Requirement(_Strict):
    """A requirement; it is checkable when it names a metric, a comparison and a target."""

    key: Key
    text: Text
    kind: Literal["functional", "non-functional"] = "non-functional"
    metric: Key | None = None
    op: Literal["<=", ">=", "==", "<", ">"] | None = None
    target: float | bool | None = None
    target_param: Key | None = None
    source: RequirementSource = "chapter"


class Cluster(_Strict):
    id: Key
    label: Label
    kind: ClusterKind = "generic"
    parent: Key | None = None


class Node(_Strict):
    id: Key
    type: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+(\.[A-Za-z0-9_]+){2}$")]
    label: Label
    cluster: Key | None = None
    # 0 = already in place before the work begins: never highlighted, never faded.
    phase: int = Field(default=1, ge=0, le=MAX_PHASE)
    # What this node does in this scenario, in a sentence or two (the details pane shows it).
    note: Text = ""


class Edge(_Strict):
    source: Key
    target: Key
    id: Key | None = None
    label: Label = ""
    style: EdgeStyle = "solid"
    color: Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")] | None = None
    direction: Literal["forward", "both", "none"] = "forward"
    phase: int | None = Field(default=None, ge=1, le=MAX_PHASE)

    @property
    def key(self) -> str:
        return self.id or f"{self.source}--{self.target}"


class PhaseVariant(_Strict):
    """How a phase reads when the selection holds every ``group: option`` of ``when``
    (a VPN is set up in hours, a Direct Connect port in weeks). Fields left out keep the
    phase's own."""

    when: dict[Key, Key] = Field(min_length=1)
    title: Label | None = None
    duration: Label | None = None
    summary: Text | None = None
    steps: list[Text] | None = None
    # The nodes this phase highlights for that selection (a VPN's tunnel, not the port).
    highlight: list[Key] | None = None


class Phase(_Strict):
    title: Label
    duration: Label = ""
    summary: Text = ""
    steps: list[Text] = []
    highlight: list[Key] = []
    # The first variant whose ``when`` the selection matches replaces the fields it gives.
    variants: list[PhaseVariant] = []

    def for_selection(self, selection: Mapping[str, str]) -> Phase:
        for variant in self.variants:
            if all(selection.get(g) == o for g, o in variant.when.items()):
                given = {k: v for k, v in variant.model_dump(exclude={"when"}).items() if v is not None}
                return self.model_copy(update=given)
        return self


class Changes(_Strict):
    """What choosing an option does to the recommended architecture's graph."""

    add_clusters: list[Cluster] = []
    add_nodes: list[Node] = []
    add_edges: list[Edge] = []
    remove_nodes: list[Key] = []
    remove_edges: list[Key] = []
    relabel: dict[Key, Label] = {}


def _rule_shorthand(value: object) -> object:
    """``[a, b]`` is short for ``{options: [a, b]}`` (a rule without a stated reason)."""
    return {"options": value} if isinstance(value, list) else value


class Rule(_Strict):
    """What an option asks of another group: the options it works with (``requires``) or
    cannot be combined with (``excludes``), and why, in words a user reads in a tooltip."""

    options: list[Key] = Field(min_length=1)
    reason: Text = ""
    # A rule that comes from elsewhere than the chapter (AWS's documentation) says so.
    estimate: bool = False
    basis: Text = ""


RuleInput = Annotated[Rule, BeforeValidator(_rule_shorthand, json_schema_input_type=Rule | list[Key])]


class Option(_Strict):
    key: Key
    label: Label
    summary: Text = ""
    recommended: bool = False
    metrics: dict[Key, MetricInput] = {}
    pros: list[Text] = []
    cons: list[Text] = []
    changes: Changes = Changes()
    # Options of other groups this one works only with, or cannot be combined with
    # (group key -> a rule): a Site-to-Site VPN primary has no second Direct Connect.
    requires: dict[Key, RuleInput] = {}
    excludes: dict[Key, RuleInput] = {}
    # A variant with its own sequence of steps (troubleshooting guides that tell cases
    # apart, such as a timeout versus throttling) replaces the scenario's phases.
    phases: list[Phase] = []

    @field_validator("metrics")
    @classmethod
    def _normalise(cls, metrics: dict[str, MetricInput]) -> dict[str, MetricInput]:
        return {
            key: value if isinstance(value, MetricValue) else MetricValue(value=value) for key, value in metrics.items()
        }

    def metric(self, key: str) -> MetricValue | None:
        value = self.metrics.get(key)
        assert value is None or isinstance(value, MetricValue)
        return value


class OptionGroup(_Strict):
    key: Key
    label: Label
    description: Text = ""
    options: list[Option] = Field(min_length=1)


class CostItem(_Strict):
    """One row of a cost table: the chapter's (``cost_items``) or one of ours (``estimated_cost_items``)."""

    service: Label
    configuration: Label = ""
    monthly_usd: float
    # The chapter's own annual figure for the row, where its table has an annual column.
    annual_usd: float | None = None
    # The nodes this cost row pays for (the details pane of each shows the row).
    nodes: list[Key] = []
    # How an estimated row was reached; every row of ``estimated_cost_items`` needs one.
    basis: Text = ""

    @property
    def annual(self) -> float:
        """The row's cost for a year: the chapter's figure, or twelve months where it gives none."""
        return self.annual_usd if self.annual_usd is not None else 12 * self.monthly_usd


class Scenario(_Strict):
    id: Slug
    number: int | None = Field(default=None, ge=1, le=MAX_SQLITE_INTEGER)
    kind: Literal["scenario", "troubleshooting"] = "scenario"
    title: Label
    summary: Text = ""
    situation: Text = ""
    current_state: list[Text] = []
    constraints: list[Text] = []
    question: Text = ""
    requirements: list[Requirement] = []
    parameters: list[Parameter] = []
    metrics: list[MetricDef] = []
    cost_metric: Key = "monthly_usd"
    direction: Direction = "LR"
    clusters: list[Cluster] = []
    nodes: list[Node] = Field(min_length=1)
    edges: list[Edge] = []
    phases: list[Phase] = Field(min_length=1)
    option_groups: list[OptionGroup] = []
    cost_items: list[CostItem] = []
    monthly_total_usd: float | None = None
    # The chapter's annual total, where its cost table gives one.
    annual_total_usd: float | None = None
    # Rows the chapter's table lacks but the design pays for, each an estimate with its
    # basis; shown apart from the chapter's rows and never added to its total.
    estimated_cost_items: list[CostItem] = []
    benefits: list[Text] = []
    tradeoffs: list[Text] = []
    alternatives: list[Text] = []
    pitfalls: list[Text] = []

    # --- lookups used throughout the core -------------------------------------------

    def group(self, key: str) -> OptionGroup:
        for group in self.option_groups:
            if group.key == key:
                return group
        raise KeyError(key)

    def option(self, group_key: str, option_key: str) -> Option:
        for option in self.group(group_key).options:
            if option.key == option_key:
                return option
        raise KeyError(f"{group_key}={option_key}")

    def phases_for(self, selection: Mapping[str, str]) -> list[Phase]:
        """The phases of a selection: the first selected option with its own, or the scenario's."""
        for group in self.option_groups:
            key = selection.get(group.key)
            option = next((o for o in group.options if o.key == key), None)
            if option is not None and option.phases:
                return _followed(option.phases, selection)
        return _followed(self.phases, selection)

    def has_annual_costs(self) -> bool:
        """True when the chapter's cost table has an annual column, which is then shown."""
        return self.annual_total_usd is not None or any(item.annual_usd is not None for item in self.cost_items)

    def metric_def(self, key: str) -> MetricDef:
        for metric in self.metrics:
            if metric.key == key:
                return metric
        return STANDARD_METRICS[key]

    def all_metric_defs(self) -> dict[str, MetricDef]:
        defs = dict(STANDARD_METRICS)
        defs.update({m.key: m for m in self.metrics})
        return defs

    def seed_recommendation(self) -> dict[str, str]:
        """The options the chapter itself marks as recommended, by group."""
        return {group.key: option.key for group in self.option_groups for option in group.options if option.recommended}

    def search_text(self) -> str:
        parts = [self.id, self.title, self.summary, self.situation, self.question]
        parts += [r.text for r in self.requirements]
        parts += [n.label for n in self.nodes]
        parts += [g.label for g in self.option_groups]
        parts += [o.label for g in self.option_groups for o in g.options]
        return re.sub(r"\s+", " ", " ".join(parts)).lower()


STANDARD_METRICS: dict[str, MetricDef] = {
    m.key: m
    for m in [
        MetricDef(key="monthly_usd", label="Monthly cost", unit="usd_month", aggregate="sum"),
        MetricDef(
            key="cost_level",
            label="Relative cost",
            unit="level",
            aggregate="sum",
            description="Ordinal cost ranking taken from the chapter's wording (1 = lowest).",
        ),
        MetricDef(key="rpo_minutes", label="RPO", unit="minutes", aggregate="max"),
        MetricDef(key="rto_minutes", label="RTO", unit="minutes", aggregate="max"),
        MetricDef(
            key="complexity",
            label="Complexity",
            unit="scale",
            aggregate="max",
            description="1 = simple to build and reason about, 5 = very complex.",
        ),
        MetricDef(
            key="ops_overhead",
            label="Operational overhead",
            unit="scale",
            aggregate="max",
            description="1 = almost nothing to run day to day, 5 = a team's constant work.",
        ),
        MetricDef(key="setup_days", label="Time to implement", unit="days", aggregate="max"),
    ]
}


def _followed(phases: list[Phase], selection: Mapping[str, str]) -> list[Phase]:
    """The phases as the selection reads them; the list itself when no variant applies
    (so a view that did not change keeps the same phases)."""
    followed = [p.for_selection(selection) for p in phases]
    return phases if all(a is b for a, b in zip(followed, phases, strict=True)) else followed


class Takeaway(_Strict):
    text: Text
    scenarios: list[Slug] = Field(min_length=1)


class Overview(_Strict):
    """The home view: key takeaways, each linked to the scenarios it sums up."""

    title: Label
    intro: Text = ""
    takeaways: list[Takeaway]
