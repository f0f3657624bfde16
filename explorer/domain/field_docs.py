"""What every field of the scenario format means, in words for the people who write one.

``describe_fields()`` puts these texts on the pydantic model's fields, so the JSON
Schema (``explorer schema``) and the format reference (``docs/format.md``) carry them.
A test fails when a field has no description.
"""

from __future__ import annotations

FIELD_DOCS: dict[str, dict[str, str]] = {
    "Scenario": {
        "id": "The scenario's id: lower-case letters, digits and hyphens (`disaster-recovery`). Unique in a library.",
        "number": "Its number in the chapter, if it has one; `explorer show 6` finds it by this number.",
        "kind": "`scenario` (a design with decisions) or `troubleshooting` (a guide whose options are cases).",
        "title": "The title shown in the scenario list, on the title slide and as the diagram's title.",
        "summary": "One sentence on what is being decided; shown under the title.",
        "situation": "The starting point: who needs what. Shown in the Brief and on the requirements slide.",
        "current_state": "What exists today, before any of the phases.",
        "constraints": "Limits the design has to live with (budget, staff, rules).",
        "question": "The question the scenario answers, as the chapter asks it.",
        "requirements": "What the design must do or meet; a requirement with a metric, `op` and target is checked.",
        "parameters": "The numbers a user can change in the What-if box (targets, volumes, prices).",
        "metrics": "The figures options are compared on, beyond the standard ones (cost, RPO, RTO, complexity...).",
        "cost_metric": "The metric the recommender minimises among designs that meet every requirement.",
        "direction": "How the diagram runs: `LR` (left to right), `TB` (top to bottom), `RL` or `BT`.",
        "clusters": "Boxes that group nodes (a region, a VPC, a subnet), possibly nested.",
        "nodes": "The architecture's parts, each drawn with a `diagrams` icon.",
        "edges": "The connections between nodes.",
        "phases": "The steps in which the design is built; each node and edge may say in which phase it appears.",
        "option_groups": "The decisions: each group is a choice between options with figures and diagram changes.",
        "cost_items": "The chapter's cost table, row by row, exactly as it gives it.",
        "monthly_total_usd": "The chapter's monthly total, when it gives one.",
        "annual_total_usd": "The chapter's annual total, where its cost table has an annual column.",
        "estimated_cost_items": "Costs the design pays for that the chapter's table leaves out; each needs a basis.",
        "benefits": "What the recommended design brings.",
        "tradeoffs": "What it costs or gives up.",
        "alternatives": "Other designs the chapter mentions, with why they were not chosen.",
        "pitfalls": "Mistakes to avoid; the closing slide of a deck lists them.",
    },
    "Requirement": {
        "key": "An id for the requirement, unique in the scenario.",
        "text": "The requirement as a sentence.",
        "kind": "Whether it says what the design does (`functional`) or how well (`non-functional`).",
        "metric": "The metric it is checked on (leave out for a requirement that is not measured).",
        "op": "The comparison: `<=`, `>=`, `<`, `>` or `==`.",
        "target": "The value the metric is compared with.",
        "target_param": "A parameter whose value is the target instead (a What-if the user can change).",
        "source": "`chapter` (its list of requirements) or `solution` (implied by its recommended solution).",
    },
    "Parameter": {
        "key": "The parameter's name, used by formulas, targets and `--param NAME=VALUE`.",
        "label": "What the What-if box calls it.",
        "value": "The chapter's value, the default.",
        "unit": "Its unit as shown (`minutes`, `TB`, `USD/hour`); durations accept `5m`, `2h`, `1d`.",
        "min": "The smallest value it takes.",
        "max": "The largest value it takes.",
        "step": "Values are whole multiples of this (1 for a count); sweeps move in such steps.",
    },
    "MetricDef": {
        "key": "The metric's name, used in options' `metrics` and in requirements.",
        "label": "What tables and charts call it.",
        "unit": "How values are shown and compared (`usd_month`, `minutes`, `days`, `gbps`, `scale`, `bool`, ...).",
        "aggregate": "How the options' values combine: `sum`, `max`, `min`, `all` (every one true) or `any`.",
        "better": "Whether `lower` or `higher` values are better.",
        "description": "What the figure means, for tooltips.",
    },
    "Cluster": {
        "id": "The cluster's id, unique among clusters.",
        "label": "Its title, drawn at its top left.",
        "kind": "What it stands for (`region`, `vpc`, `subnet`, `onprem`, ...), which sets its colour.",
        "parent": "The id of the cluster it sits in, if any.",
    },
    "Node": {
        "id": "The node's id, unique in the scenario.",
        "type": "The `diagrams` class that gives its icon (`aws.compute.Lambda`).",
        "label": "The text under the icon; `\\n` breaks a line.",
        "cluster": "The id of the cluster it sits in, if any.",
        "phase": "The phase that adds it (none: it is there before the work starts).",
        "note": "One or two sentences on what it does in this design, shown in the node details pane.",
    },
    "Edge": {
        "source": "The node the connection starts from.",
        "target": "The node it goes to.",
        "id": "An id, needed only when an option removes this edge.",
        "label": "Text along the edge.",
        "style": "How the line is drawn: `solid`, `dashed`, `dotted` or `bold`.",
        "color": "A colour for the line (`#RRGGBB` or a name).",
        "direction": "Arrow heads: `forward` (at the target), `both` or `none`.",
        "phase": "The phase that adds it.",
    },
    "Phase": {
        "title": "The phase's name, on its button and slide.",
        "duration": "How long it takes, in words (`2-4 weeks`).",
        "summary": "One sentence on what it achieves.",
        "steps": "What is done in it, in order; a deck's speaker notes carry them.",
        "highlight": "Nodes to highlight in this phase besides those it adds.",
        "variants": "How the phase reads for particular selections (a VPN takes hours, not weeks).",
    },
    "PhaseVariant": {
        "when": "The selection it applies to: `{group: option}` pairs that must all hold.",
        "title": "The phase's title for that selection.",
        "duration": "Its duration for that selection.",
        "summary": "Its summary for that selection.",
        "steps": "Its steps for that selection.",
        "highlight": "The nodes it highlights for that selection.",
    },
    "OptionGroup": {
        "key": "The group's id, used by `--option GROUP=OPTION`.",
        "label": "The decision's name, shown above its options.",
        "description": "What the decision is about.",
        "options": "The choices; the recommender picks one per group.",
    },
    "Option": {
        "key": "The option's id within its group.",
        "label": "Its name on its button.",
        "summary": "A sentence on what choosing it means.",
        "recommended": "True for the chapter's own choice (at most one per group).",
        "metrics": "Its figures: a number, or `{value, worst, text, estimate, basis, formula}`.",
        "pros": "Its advantages, shown with the option and in show.",
        "cons": "Its disadvantages.",
        "changes": "How it changes the diagram: nodes and edges added, removed or relabelled.",
        "requires": "Options of other groups it works only with: `{group: [options]}` or with a reason.",
        "excludes": "Options of other groups it cannot be combined with.",
        "phases": "For a guide's case: its own sequence of steps, replacing the scenario's phases.",
    },
    "MetricValue": {
        "value": "The figure (the best case when `worst` is given).",
        "worst": "The other end of a range the chapter gives; a requirement is met only when it meets this too.",
        "text": "The figure in the chapter's words (`about 2-3 hours`).",
        "estimate": "True when the figure is not the chapter's; it then needs a basis.",
        "basis": "How the figure was reached.",
        "formula": "A named formula that computes the figure from the parameters.",
    },
    "Changes": {
        "add_clusters": "Clusters the option adds.",
        "add_nodes": "Nodes the option adds.",
        "add_edges": "Edges the option adds.",
        "remove_nodes": "Ids of nodes the option removes (their edges go too).",
        "remove_edges": "Ids of edges the option removes.",
        "relabel": "New labels for nodes: `{node: label}`.",
    },
    "CostItem": {
        "service": "The service the row pays for.",
        "configuration": "What is bought (sizes, counts).",
        "monthly_usd": "Its monthly cost in US dollars.",
        "annual_usd": "Its annual cost, where the chapter's table has an annual column.",
        "nodes": "The nodes it pays for; their details pane shows the row.",
        "basis": "How an estimated row was reached.",
    },
    "Rule": {
        "options": "The options of the other group the rule names.",
        "reason": "Why, in words a user reads when the option is ruled out.",
        "estimate": "True when the rule is not the chapter's (an AWS condition, say).",
        "basis": "Where such a rule comes from.",
    },
}


def describe_fields() -> None:
    """Put the descriptions on the model's fields (once, at import of the model)."""
    from explorer.domain import model

    global _DONE
    if _DONE:
        return
    for class_name, fields in FIELD_DOCS.items():
        cls = getattr(model, class_name)
        for name, text in fields.items():
            if name in cls.model_fields:
                cls.model_fields[name].description = text
    # Leaves first, the scenario last, so that each rebuilt schema holds its parts' texts.
    order = ["Rule", "MetricValue", "Cluster", "Node", "Edge", "Changes", "PhaseVariant", "Phase", "Option"]
    order += ["OptionGroup", "CostItem", "Requirement", "Parameter", "MetricDef", "Scenario"]
    assert set(order) == set(FIELD_DOCS)
    for class_name in order:
        getattr(model, class_name).model_rebuild(force=True)
    _DONE = True


_DONE = False
