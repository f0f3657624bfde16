"""Exporting a view as a draw.io (diagrams.net) file that the user can go on editing.

The file is uncompressed mxfile XML: ``<mxfile><diagram><mxGraphModel><root>`` with

- one layer per phase, in order, after a base layer that holds what is in place before
  phase 1, so that hiding and showing the layers replays the build-up (with ``--phase N``
  the layers after N start hidden);
- every node where the scenario's one stable layout puts it (``compute_layout``; its y
  already grows downwards, as draw.io's does): the icon at the top of the node's box
  and the label below it. An AWS node is draw.io's own AWS 2021 shape (``mxgraph.aws4``,
  ``AWS4_SHAPES``); any other node (on-premises, generic, SaaS, or an AWS class without
  a shape here) carries its PNG icon inside the file as a data URI;
- every cluster as a container (draw.io's AWS group for a cloud, region, VPC, subnet,
  account or data centre) holding the nodes of its layer, so they move with it; a node
  added in a later phase than its cluster sits in its own phase's layer instead, since a
  draw.io cell belongs to the layer of its container;
- every edge from its source to its target, with its label, its dashes, weight and
  colour, and its route through the layout's bends.

Labels are plain text (no ``html=1``), so draw.io shows ``<b>`` as typed; every text is
escaped by ElementTree, and characters that XML 1.0 cannot carry are replaced.
"""

from __future__ import annotations

import base64
import itertools
import os
import re
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from explorer.domain.compose import View, ViewEdge, ViewNode, apply_selection, describe_selection, edge_phase
from explorer.domain.model import Cluster, Scenario
from explorer.drawing.icons import ICON_FILE_ASPECT, ICON_SIZE_IN, ICON_TOP_GAP_IN
from explorer.drawing.layout import Layout, NodeBox, Rect, compute_layout, image_rect
from explorer.drawing.palette import Theme
from explorer.drawing.render import (
    CLUSTER_FONT_SIZE,
    CLUSTER_TITLE_WIDTH,
    EDGE_FONT_SIZE,
    EDGE_LABEL_WIDTH,
    LABEL_WIDTH,
    NODE_FONT_SIZE,
    RenderError,
)
from explorer.library.references import resolve_node_class


class Aws4Shape(NamedTuple):
    """A draw.io AWS 2021 shape: ``name`` is ``resIcon=mxgraph.aws4.<name>`` of a service
    (product) icon, a white glyph on a square of ``fill``, or ``shape=mxgraph.aws4.<name>``
    of a resource icon, a glyph drawn in ``fill``."""

    name: str
    product: bool
    fill: str


# AWS's 2021 category colours, as draw.io's AWS palettes use them.
_COMPUTE = "#ED7100"
_STORAGE = "#7AA116"
_DATABASE = "#C925D1"
_NETWORK = "#8C4FFF"
_INTEGRATION = "#E7157B"
_SECURITY = "#DD344C"
_ML = "#01A88D"
_GENERAL = "#232F3D"


def _shapes(fill: str, product: Iterable[tuple[str, str]] = (), resource: Iterable[tuple[str, str]] = ()):
    found = {k: Aws4Shape(v, True, fill) for k, v in product}
    found.update({k: Aws4Shape(v, False, fill) for k, v in resource})
    return found


#: The ``diagrams`` class path of every AWS node the bundled scenarios use, and more,
#: to the draw.io AWS 2021 shape drawn for it (see the README's table).
AWS4_SHAPES: dict[str, Aws4Shape] = {
    **_shapes(
        _NETWORK,
        product=[
            ("aws.analytics.AmazonOpensearchService", "elasticsearch_service"),
            ("aws.analytics.Athena", "athena"),
            ("aws.analytics.EMR", "emr"),
            ("aws.analytics.Glue", "glue"),
            ("aws.analytics.KinesisDataAnalytics", "kinesis_data_analytics"),
            ("aws.analytics.KinesisDataFirehose", "kinesis_data_firehose"),
            ("aws.analytics.KinesisDataStreams", "kinesis_data_streams"),
            ("aws.analytics.Kinesis", "kinesis"),
            ("aws.analytics.LakeFormation", "lake_formation"),
            ("aws.analytics.Quicksight", "quicksight"),
            ("aws.analytics.Redshift", "redshift"),
        ],
        resource=[
            ("aws.analytics.EMRCluster", "cluster"),
            ("aws.analytics.GlueCrawlers", "glue_crawlers"),
            ("aws.analytics.GlueDataCatalog", "glue_data_catalog"),
        ],
    ),
    **_shapes(
        _COMPUTE,
        product=[
            ("aws.compute.Batch", "batch"),
            ("aws.compute.EC2", "ec2"),
            ("aws.compute.EC2AutoScaling", "auto_scaling2"),
            ("aws.compute.EC2ContainerRegistry", "ecr"),
            ("aws.compute.ElasticBeanstalk", "elastic_beanstalk"),
            ("aws.compute.ElasticContainerService", "ecs"),
            ("aws.compute.ElasticKubernetesService", "eks"),
            ("aws.compute.EKS", "eks"),
            ("aws.compute.ECS", "ecs"),
            ("aws.compute.ECR", "ecr"),
            ("aws.compute.Fargate", "fargate"),
            ("aws.compute.Lambda", "lambda"),
            ("aws.compute.Lightsail", "lightsail"),
            ("aws.compute.Outposts", "outposts"),
        ],
        resource=[
            ("aws.compute.EC2Ami", "ami"),
            ("aws.compute.EC2ElasticIpAddress", "elastic_ip_address"),
            ("aws.compute.EC2Instance", "instance2"),
            ("aws.compute.EC2Instances", "instances"),
            ("aws.compute.ElasticContainerServiceContainer", "container_1"),
            ("aws.compute.ElasticContainerServiceService", "ecs_service"),
            ("aws.compute.ElasticContainerServiceTask", "ecs_task"),
            ("aws.compute.LambdaFunction", "lambda_function"),
        ],
    ),
    **_shapes(
        _STORAGE,
        product=[
            ("aws.cost.Budgets", "budgets_2"),
            ("aws.cost.CostAndUsageReport", "cost_and_usage_report"),
            ("aws.cost.CostExplorer", "cost_explorer"),
            ("aws.cost.CostManagement", "cost_management"),
            ("aws.cost.ReservedInstanceReporting", "reserved_instance_reporting"),
            ("aws.cost.SavingsPlans", "savings_plans"),
        ],
    ),
    **_shapes(
        _DATABASE,
        product=[
            ("aws.database.Aurora", "aurora"),
            ("aws.database.Database", "database"),
            ("aws.database.DatabaseMigrationService", "database_migration_service"),
            ("aws.database.DocumentDB", "documentdb_with_mongodb_compatibility"),
            ("aws.database.Dynamodb", "dynamodb"),
            ("aws.database.Elasticache", "elasticache"),
            ("aws.database.Neptune", "neptune"),
            ("aws.database.RDS", "rds"),
            ("aws.database.Timestream", "timestream"),
        ],
        resource=[
            ("aws.database.AuroraInstance", "aurora_instance"),
            ("aws.database.DynamodbTable", "table"),
            ("aws.database.ElasticacheForRedis", "elasticache_for_redis"),
            ("aws.database.ElasticacheForMemcached", "elasticache_for_memcached"),
            ("aws.database.RDSInstance", "rds_instance"),
            ("aws.database.RDSMysqlInstance", "rds_mysql_instance"),
        ],
    ),
    **_shapes(
        _DATABASE,
        product=[
            ("aws.devtools.Cloud9", "cloud9"),
            ("aws.devtools.CloudDevelopmentKit", "cloud_development_kit"),
            ("aws.devtools.Codebuild", "codebuild"),
            ("aws.devtools.Codecommit", "codecommit"),
            ("aws.devtools.Codedeploy", "codedeploy"),
            ("aws.devtools.Codepipeline", "codepipeline"),
            ("aws.devtools.Codestar", "codestar"),
            ("aws.devtools.CommandLineInterface", "command_line_interface"),
            ("aws.devtools.XRay", "xray"),
        ],
    ),
    **_shapes(_SECURITY, product=[("aws.engagement.SimpleEmailServiceSes", "simple_email_service")]),
    "aws.general.General": Aws4Shape("general", True, "#1E262E"),
    **_shapes(
        _GENERAL,
        resource=[
            ("aws.general.Client", "client"),
            ("aws.general.Disk", "disk"),
            ("aws.general.GenericDatabase", "generic_database"),
            ("aws.general.GenericFirewall", "generic_firewall"),
            ("aws.general.InternetAlt1", "internet_alt1"),
            ("aws.general.InternetAlt2", "internet_alt2"),
            ("aws.general.MobileClient", "mobile_client"),
            ("aws.general.OfficeBuilding", "office_building"),
            ("aws.general.SslPadlock", "ssl_padlock"),
            ("aws.general.TapeStorage", "tape_storage"),
            ("aws.general.Toolkit", "external_toolkit"),
            ("aws.general.TraditionalServer", "traditional_server"),
            ("aws.general.User", "user"),
            ("aws.general.Users", "users"),
        ],
    ),
    **_shapes(
        _INTEGRATION,
        product=[
            ("aws.integration.Appsync", "appsync"),
            ("aws.integration.Eventbridge", "eventbridge"),
            ("aws.integration.MQ", "mq"),
            ("aws.integration.SimpleNotificationServiceSns", "sns"),
            ("aws.integration.SimpleQueueServiceSqs", "sqs"),
            ("aws.integration.StepFunctions", "step_functions"),
            ("aws.mobile.Appsync", "appsync"),
            ("aws.mobile.APIGateway", "api_gateway"),
            ("aws.network.APIGateway", "api_gateway"),
        ],
        resource=[
            ("aws.integration.SimpleNotificationServiceSnsTopic", "topic"),
            ("aws.integration.SimpleQueueServiceSqsQueue", "queue"),
        ],
    ),
    **_shapes(_STORAGE, resource=[("aws.iot.IotSensor", "sensor")]),
    **_shapes(
        _INTEGRATION,
        product=[
            ("aws.management.AmazonManagedWorkflowsApacheAirflow", "managed_workflows_for_apache_airflow"),
            ("aws.management.Cloudformation", "cloudformation"),
            ("aws.management.Cloudtrail", "cloudtrail"),
            ("aws.management.Cloudwatch", "cloudwatch_2"),
            ("aws.management.Config", "config"),
            ("aws.management.ControlTower", "control_tower"),
            ("aws.management.ManagementAndGovernance", "management_and_governance"),
            ("aws.management.ManagementConsole", "management_console"),
            ("aws.management.Organizations", "organizations"),
            ("aws.management.SystemsManager", "systems_manager"),
            ("aws.management.TrustedAdvisor", "trusted_advisor"),
        ],
        resource=[
            ("aws.management.CloudformationChangeSet", "change_set"),
            ("aws.management.CloudformationStack", "stack"),
            ("aws.management.CloudformationTemplate", "template"),
            ("aws.management.CloudwatchAlarm", "alarm"),
            ("aws.management.CloudwatchEventEventBased", "event_event_based"),
            ("aws.management.CloudwatchEventTimeBased", "event_time_based"),
            ("aws.management.CloudwatchLogs", "cloudwatch_logs"),
            ("aws.management.CloudwatchRule", "rule_2"),
            ("aws.management.OrganizationsAccount", "organizations_account"),
            ("aws.management.OrganizationsOrganizationalUnit", "organizations_organizational_unit2"),
            ("aws.management.SystemsManagerAutomation", "automation"),
            ("aws.management.SystemsManagerParameterStore", "parameter_store"),
            ("aws.management.TrustedAdvisorChecklistCost", "checklist_cost"),
        ],
    ),
    **_shapes(
        _ML,
        product=[
            ("aws.migration.Datasync", "datasync"),
            ("aws.migration.MigrationHub", "migration_hub"),
            ("aws.migration.Snowball", "snowball"),
            ("aws.migration.SnowballEdge", "snowball_edge"),
            ("aws.migration.Snowmobile", "snowmobile"),
            ("aws.migration.TransferForSftp", "transfer_for_sftp"),
            ("aws.ml.Comprehend", "comprehend"),
            ("aws.ml.Kendra", "kendra"),
            ("aws.ml.Rekognition", "rekognition_2"),
            ("aws.ml.Sagemaker", "sagemaker"),
            ("aws.ml.Textract", "textract"),
        ],
    ),
    **_shapes(
        _NETWORK,
        product=[
            ("aws.network.CloudFront", "cloudfront"),
            ("aws.network.DirectConnect", "direct_connect"),
            ("aws.network.ElasticLoadBalancing", "elastic_load_balancing"),
            ("aws.network.GlobalAccelerator", "global_accelerator"),
            ("aws.network.Privatelink", "vpc_privatelink"),
            ("aws.network.Route53", "route_53"),
            ("aws.network.SiteToSiteVpn", "site_to_site_vpn"),
            ("aws.network.TransitGateway", "transit_gateway"),
            ("aws.network.VPC", "vpc"),
        ],
        resource=[
            ("aws.network.ElbApplicationLoadBalancer", "application_load_balancer"),
            ("aws.network.ElbClassicLoadBalancer", "classic_load_balancer"),
            ("aws.network.ElbNetworkLoadBalancer", "network_load_balancer"),
            ("aws.network.Endpoint", "endpoint"),
            ("aws.network.InternetGateway", "internet_gateway"),
            ("aws.network.NATGateway", "nat_gateway"),
            ("aws.network.Nacl", "network_access_control_list"),
            ("aws.network.Route53HostedZone", "hosted_zone"),
            ("aws.network.RouteTable", "route_table"),
            ("aws.network.VPCCustomerGateway", "customer_gateway"),
            ("aws.network.VPCElasticNetworkInterface", "elastic_network_interface"),
            ("aws.network.VPCFlowLogs", "flow_logs"),
            ("aws.network.VPCPeering", "peering"),
            ("aws.network.VPCRouter", "router"),
            ("aws.network.VpnConnection", "vpn_connection"),
            ("aws.network.VpnGateway", "vpn_gateway"),
        ],
    ),
    **_shapes(
        _SECURITY,
        product=[
            ("aws.network.NetworkFirewall", "network_firewall"),
            ("aws.security.Artifact", "artifact"),
            ("aws.security.CertificateManager", "certificate_manager_3"),
            ("aws.security.Cloudhsm", "cloudhsm"),
            ("aws.security.Cognito", "cognito"),
            ("aws.security.Detective", "detective"),
            ("aws.security.FirewallManager", "firewall_manager"),
            ("aws.security.Guardduty", "guardduty"),
            ("aws.security.IdentityAndAccessManagementIam", "identity_and_access_management"),
            ("aws.security.Inspector", "inspector"),
            ("aws.security.KeyManagementService", "key_management_service"),
            ("aws.security.Macie", "macie"),
            ("aws.security.SecretsManager", "secrets_manager"),
            ("aws.security.SecurityHub", "security_hub"),
            ("aws.security.Shield", "shield"),
            ("aws.security.SingleSignOn", "single_sign_on"),
            ("aws.security.WAF", "waf"),
        ],
        resource=[
            ("aws.security.IdentityAndAccessManagementIamAccessAnalyzer", "access_analyzer"),
            ("aws.security.IdentityAndAccessManagementIamDataEncryptionKey", "data_encryption_key"),
            ("aws.security.IdentityAndAccessManagementIamEncryptedData", "encrypted_data"),
            ("aws.security.IdentityAndAccessManagementIamLongTermSecurityCredential", "long_term_security_credential"),
            ("aws.security.IdentityAndAccessManagementIamMfaToken", "mfa_token"),
            ("aws.security.IdentityAndAccessManagementIamPermissions", "permissions"),
            ("aws.security.IdentityAndAccessManagementIamRole", "role"),
            ("aws.security.IdentityAndAccessManagementIamTemporarySecurityCredential", "temporary_security_credential"),
        ],
    ),
    **_shapes(
        _STORAGE,
        product=[
            ("aws.storage.Backup", "backup"),
            ("aws.storage.ElasticBlockStoreEBS", "elastic_block_store"),
            ("aws.storage.ElasticFileSystemEFS", "elastic_file_system"),
            ("aws.storage.Fsx", "fsx"),
            ("aws.storage.S3Glacier", "glacier"),
            ("aws.storage.SimpleStorageServiceS3", "s3"),
            ("aws.storage.Snowball", "snowball"),
            ("aws.storage.SnowballEdge", "snowball_edge"),
            ("aws.storage.Snowmobile", "snowmobile"),
            ("aws.storage.StorageGateway", "storage_gateway"),
        ],
        resource=[
            ("aws.storage.ElasticBlockStoreEBSSnapshot", "snapshot"),
            ("aws.storage.ElasticBlockStoreEBSVolume", "volume"),
            ("aws.storage.S3GlacierArchive", "archive"),
            ("aws.storage.S3GlacierVault", "vault"),
            ("aws.storage.SimpleStorageServiceS3Bucket", "bucket"),
            ("aws.storage.SimpleStorageServiceS3BucketWithObjects", "bucket_with_objects"),
            ("aws.storage.SimpleStorageServiceS3Object", "object"),
        ],
    ),
}

#: Node types drawn with their own icon embedded in the file, by design: draw.io has no
#: AWS shape for them (on-premises software, generic devices, SaaS products, ...).
EMBEDDED_ICON_PROVIDERS = ("onprem.", "generic.", "programming.", "saas.", "elastic.", "k8s.", "outscale.")


def drawio_shape(node_type: str) -> Aws4Shape | None:
    """The draw.io AWS shape drawn for a node type, or None (its icon is embedded)."""
    return AWS4_SHAPES.get(node_type)


def unmapped_types(node_types: Iterable[str]) -> list[str]:
    """The AWS node types among ``node_types`` that have no draw.io shape (sorted, once
    each); they would be exported with their icon embedded instead."""
    return sorted({t for t in node_types if t.startswith("aws.") and t not in AWS4_SHAPES})


def scenario_node_types(scenario: Scenario) -> set[str]:
    """Every node type a scenario can show, in any option."""
    types = {n.type for n in scenario.nodes}
    for group in scenario.option_groups:
        for option in group.options:
            types |= {n.type for n in option.changes.add_nodes}
    return types


# --- text -------------------------------------------------------------------------------

# What XML 1.0 cannot hold: C0 controls but TAB, LF and CR; lone surrogates; U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 cannot carry replaced by U+FFFD (the scenario
    model refuses them already; this holds for any text that reaches the writer)."""
    return _NOT_XML.sub("\ufffd", text)


def _wrapped(text: str, width: int, whole_words: bool = False) -> str:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += textwrap.wrap(
            paragraph, width, break_long_words=not whole_words, break_on_hyphens=not whole_words
        ) or [""]
    return "\n".join(lines)


def _style(items: dict[str, Any]) -> str:
    """A draw.io style string. A value may hold ``=`` (draw.io splits an entry at its
    first one: base64 padding is safe) but never ``;``, which ends the entry."""
    parts = []
    for key, value in items.items():
        if value is None:
            continue
        text = str(value)
        if ";" in text:
            raise ValueError(f"a draw.io style value cannot hold ';': {key}={text[:40]}")
        parts.append(f"{key}={text}")
    return ";".join(parts) + ";"


# --- geometry -----------------------------------------------------------------------------

#: Room around the drawing, in points (draw.io pixels).
MARGIN = 20.0


def icon_rect(box: NodeBox) -> Rect:
    """The square the node's icon fills in the layout: at the top of its box, centred."""
    image = box.image or image_rect(box, ICON_FILE_ASPECT)
    side = image.height * ICON_SIZE_IN / (ICON_SIZE_IN + ICON_TOP_GAP_IN)
    return Rect(image.x + (image.width - side) / 2, image.y + image.height - side, side, side)


def _sub(element: ET.Element, tag: str, /, **attrs: str) -> ET.Element:
    """A child element; ``as_`` stands for draw.io's ``as`` attribute (a Python keyword)."""
    return ET.SubElement(element, tag, {k.rstrip("_"): v for k, v in attrs.items()})


def _geometry(parent: ET.Element, rect: Rect, origin: tuple[float, float]) -> ET.Element:
    return _sub(
        parent,
        "mxGeometry",
        x=f"{rect.x - origin[0]:.2f}",
        y=f"{rect.y - origin[1]:.2f}",
        width=f"{rect.width:.2f}",
        height=f"{rect.height:.2f}",
        as_="geometry",
    )


# --- styles ---------------------------------------------------------------------------------


@cache
def _icon_data(node_type: str) -> str:
    cls: Any = resolve_node_class(node_type)
    if cls is None:
        raise RenderError(f"{node_type!r} is not a diagrams node class")
    import diagrams

    path = Path(os.path.dirname(os.path.dirname(diagrams.__file__))) / cls._icon_dir / cls._icon
    try:
        data = path.read_bytes()
    except OSError as err:
        raise RenderError(f"cannot embed the icon of {node_type} in the draw.io file: {err.strerror}") from None
    # draw.io's data URIs in a style leave out ";base64" (the ";" would end the entry).
    return "data:image/png," + base64.b64encode(data).decode("ascii")


def node_style(node: ViewNode, theme: Theme, faded: bool) -> str:
    shape = drawio_shape(node.type)
    style: dict[str, Any] = {}
    if shape is None:
        style.update(shape="image", image=_icon_data(node.type), imageAspect=1, aspect="fixed")
    elif shape.product:
        style.update(
            sketch=0,
            outlineConnect=0,
            gradientColor="none",
            fillColor=shape.fill,
            strokeColor="#ffffff",
            dashed=0,
            aspect="fixed",
            shape="mxgraph.aws4.resourceIcon",
            resIcon=f"mxgraph.aws4.{shape.name}",
        )
    else:
        style.update(
            sketch=0,
            outlineConnect=0,
            gradientColor="none",
            fillColor=shape.fill,
            strokeColor="none",
            dashed=0,
            aspect="fixed",
            pointerEvents=1,
            shape=f"mxgraph.aws4.{shape.name}",
        )
    style.update(
        html=0,
        verticalLabelPosition="bottom",
        verticalAlign="top",
        align="center",
        fontSize=NODE_FONT_SIZE,
        fontColor=theme.text,
    )
    if faded:
        style.update(opacity=30, textOpacity=60, fontColor=theme.faded_text)
    elif node.state in theme.states:
        line, fill = theme.states[node.state]
        style.update(fontStyle=1, labelBackgroundColor=fill, labelBorderColor=line)
    return _style(style)


#: draw.io's AWS group for each kind of cluster (None: a plain rounded container).
GROUP_ICONS: dict[str, str | None] = {
    "cloud": "group_aws_cloud_alt",
    "region": "group_region",
    "az": None,
    "vpc": "group_vpc2",
    "subnet": "group_security_group",
    "account": "group_account",
    "onprem": "group_corporate_data_center",
    "edge": None,
    "generic": None,
}


def cluster_style(cluster: Cluster, theme: Theme) -> str:
    colours = theme.clusters[cluster.kind]
    icon = GROUP_ICONS.get(cluster.kind)
    style: dict[str, Any] = {"container": 1, "collapsible": 0, "recursiveResize": 0, "pointerEvents": 0}
    if icon:
        style.update(
            shape="mxgraph.aws4.group",
            grIcon=f"mxgraph.aws4.{icon}",
            grStroke=0 if cluster.kind == "subnet" else None,
            spacingLeft=30,
        )
    else:
        style.update(rounded=1, arcSize=4, absoluteArcSize=1, spacingLeft=8)
    style.update(
        html=0,
        strokeColor=colours["pencolor"],
        fillColor=colours["bgcolor"],
        fontColor=colours.get("fontcolor", colours["pencolor"]),
        dashed=1 if "dashed" in colours.get("style", "") else 0,
        strokeWidth=1.6,
        verticalAlign="top",
        align="left",
        spacingTop=4,
        fontSize=CLUSTER_FONT_SIZE,
        fontStyle=1,
    )
    return _style(style)


def edge_style(edge: ViewEdge, theme: Theme, faded: bool) -> str:
    colour = edge.color or theme.edge
    style: dict[str, Any] = {
        "edgeStyle": "none",
        "curved": 1,
        "rounded": 0,
        "html": 0,
        "endArrow": "none" if edge.direction == "none" else "classic",
        "startArrow": "classic" if edge.direction == "both" else "none",
        "endFill": 1,
        "startFill": 1,
        "strokeColor": colour,
        "strokeWidth": 1,
        "fontSize": EDGE_FONT_SIZE,
        "fontColor": theme.edge_label,
        "labelBackgroundColor": theme.background,
    }
    if edge.style == "dashed":
        style.update(dashed=1, dashPattern="8 4")
    elif edge.style == "dotted":
        style.update(dashed=1, dashPattern="1 4")
    elif edge.style == "bold":
        style.update(strokeWidth=3)
    if faded:
        style.update(strokeColor=theme.faded_line, fontColor=theme.faded_text)
    elif edge.state in theme.states:
        style.update(strokeColor=theme.states[edge.state][0], strokeWidth=3 if edge.style == "bold" else 2.5)
    return _style(style)


# --- layers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DrawioLayer:
    id: str
    title: str
    phase: int  # 0: in place before phase 1


BASE_LAYER_ID = "1"  # draw.io's usual id of the first layer


def layers_of(scenario: Scenario, view: View) -> list[DrawioLayer]:
    phases = scenario.phases_for(view.selection)
    word = "Check" if scenario.kind == "troubleshooting" else "Phase"
    base = "Before the first check" if scenario.kind == "troubleshooting" else "In place before phase 1"
    layers = [DrawioLayer(BASE_LAYER_ID, base, 0)]
    for number, phase in enumerate(phases, start=1):
        layers.append(DrawioLayer(f"layer-{number}", f"{word} {number}: {phase.title}", number))
    return layers


# --- the file ------------------------------------------------------------------------------


def _diagram_name(scenario: Scenario, view: View) -> str:
    parts = [scenario.title]
    chosen = describe_selection(scenario, view.selection) if scenario.option_groups else ""
    if chosen:
        parts.append(chosen)
    if view.phase:
        word = "Check" if scenario.kind == "troubleshooting" else "Phase"
        parts.append(f"{word} {view.phase}: {view.phase_title}")
    return " · ".join(parts)


def _polyline(points: tuple[tuple[float, float], ...]) -> list[tuple[float, float]]:
    """The on-curve points of Graphviz's cubic B-spline (p0, p3, p6, ...)."""
    return [points[i] for i in range(0, len(points), 3)]


def _midpoint(line: list[tuple[float, float]]) -> tuple[float, float]:
    lengths = [((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) ** 0.5 for a, b in itertools.pairwise(line)]
    half = sum(lengths) / 2
    for (a, b), length in zip(itertools.pairwise(line), lengths, strict=True):
        if half <= length and length > 0:
            t = half / length
            return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
        half -= length
    return line[-1]


def drawio_document(
    scenario: Scenario, view: View, theme: Theme, *, title: str = "", transparent: bool = False
) -> ET.Element:
    """The view as an ``mxfile`` element (see the module's docstring)."""
    layout: Layout = compute_layout(scenario, view.direction)
    missing = [n.id for n in view.nodes if n.id not in layout.nodes]
    missing += [e.key for e in view.edges if e.key not in layout.edges]
    if missing:
        raise RenderError(f"the layout has no place for {', '.join(missing[:5])}; it was made for another scenario")
    graph = apply_selection(scenario, view.selection)
    layers = layers_of(scenario, view)
    last = layers[-1].phase
    layer_ids = {layer.phase: layer.id for layer in layers}

    def node_layer(node_id: str) -> int:
        node = graph.nodes.get(node_id)
        return min(node.phase if node is not None else 0, last)

    def edge_layer(edge: ViewEdge) -> int:
        model = graph.edges.get(edge.key)
        if model is None or model.source not in graph.nodes or model.target not in graph.nodes:
            return max(node_layer(edge.source), node_layer(edge.target))
        return min(edge_phase(model, graph.nodes), last)

    def later(phase: int) -> bool:
        """In a layer that the chosen phase does not show yet (hidden in the file)."""
        return view.phase is not None and phase > view.phase

    # Each cluster lives in the layer of the first phase that puts something in it.
    clusters = {c.id: c for c in view.clusters}
    children: dict[str | None, list[Cluster]] = {}
    for cluster in view.clusters:
        children.setdefault(cluster.parent if cluster.parent in clusters else None, []).append(cluster)
    cluster_layer: dict[str, int] = {}

    def first_phase(cluster_id: str) -> int:
        phases = [node_layer(n.id) for n in view.nodes if n.cluster == cluster_id]
        phases += [first_phase(c.id) for c in children.get(cluster_id, [])]
        cluster_layer[cluster_id] = min(phases, default=0)
        return cluster_layer[cluster_id]

    for top in children.get(None, []):
        first_phase(top.id)

    # Everything is shifted so the drawing starts MARGIN in, below the title if any.
    title_height = 0.0
    if title:
        title_height = 22.0 * (title.count("\n") + 1) + 10
    shift = (-MARGIN, -(MARGIN + title_height))  # subtracted from layout coordinates

    mxfile = ET.Element("mxfile", host="Scenario Explorer", type="device", compressed="false")
    diagram = _sub(mxfile, "diagram", id=f"scenario-{scenario.id}", name=xml_text(_diagram_name(scenario, view)))
    width = layout.width + 2 * MARGIN
    height = layout.height + 2 * MARGIN + title_height
    model = _sub(
        diagram,
        "mxGraphModel",
        dx="0",
        dy="0",
        grid="1",
        gridSize="10",
        guides="1",
        tooltips="1",
        connect="1",
        arrows="1",
        fold="1",
        page="0",
        pageScale="1",
        pageWidth=f"{width:.0f}",
        pageHeight=f"{height:.0f}",
        math="0",
        shadow="0",
    )
    if not transparent:
        model.set("background", theme.background)
    root = _sub(model, "root")
    _sub(root, "mxCell", id="0")
    for layer in layers:
        cell = _sub(root, "mxCell", id=layer.id, value=xml_text(layer.title), parent="0")
        if later(layer.phase):
            cell.set("visible", "0")

    def origin_of(parent_cluster: str | None) -> tuple[float, float]:
        if parent_cluster is None:
            return shift
        box = layout.clusters[parent_cluster].box
        return box.x, box.y

    if title:
        cell = _sub(
            root,
            "mxCell",
            id="title",
            value=xml_text(title),
            style="text;"
            + _style(
                {
                    "html": 0,
                    "align": "left",
                    "verticalAlign": "top",
                    "fontSize": 18,
                    "fontStyle": 1,
                    "fontColor": theme.text,
                    "strokeColor": "none",
                    "fillColor": "none",
                }
            ),
            vertex="1",
            parent=BASE_LAYER_ID,
        )
        _geometry(cell, Rect(0, -title_height, max(layout.width, 200.0), title_height - 10), shift)

    def add_clusters(parent: Cluster | None) -> None:
        for cluster in children.get(parent.id if parent else None, []):
            box = layout.clusters.get(cluster.id)
            if box is None:
                continue  # a cluster the layout did not draw (nothing in it): leave it out
            phase = cluster_layer.get(cluster.id, 0)
            same_layer = parent is not None and cluster_layer.get(parent.id) == phase
            parent_id = f"cluster:{parent.id}" if parent is not None and same_layer else layer_ids[phase]
            origin = origin_of(parent.id if parent is not None and same_layer else None)
            cell = _sub(
                root,
                "mxCell",
                id=f"cluster:{cluster.id}",
                value=xml_text(_wrapped(cluster.label, CLUSTER_TITLE_WIDTH, whole_words=True)),
                style=cluster_style(cluster, theme),
                vertex="1",
                parent=parent_id,
            )
            _geometry(cell, box.box, origin)
            placed[cluster.id] = parent_id
            add_clusters(cluster)

    placed: dict[str, str] = {}
    add_clusters(None)

    for node in view.nodes:
        phase = node_layer(node.id)
        in_cluster = node.cluster if node.cluster in placed and cluster_layer.get(node.cluster) == phase else None
        parent_id = f"cluster:{in_cluster}" if in_cluster else layer_ids[phase]
        cell = _sub(
            root,
            "mxCell",
            id=f"node:{node.id}",
            value=xml_text(_wrapped(node.label, LABEL_WIDTH)),
            style=node_style(node, theme, faded=node.state == "future" and not later(phase)),
            vertex="1",
            parent=parent_id,
        )
        _geometry(cell, icon_rect(layout.nodes[node.id]), origin_of(in_cluster))

    for edge in view.edges:
        phase = edge_layer(edge)
        path = layout.edges[edge.key]
        cell = _sub(
            root,
            "mxCell",
            id=f"edge:{edge.key}",
            value=xml_text(_wrapped(edge.label, EDGE_LABEL_WIDTH)),
            style=edge_style(edge, theme, faded=edge.state == "future" and not later(phase)),
            edge="1",
            parent=layer_ids[phase],
            source=f"node:{edge.source}",
            target=f"node:{edge.target}",
        )
        geometry = _sub(cell, "mxGeometry", relative="1", as_="geometry")
        line = _polyline(path.points) if path.points else []
        if len(line) > 2:
            array = _sub(geometry, "Array", as_="points")
            for x, y in line[1:-1]:
                _sub(array, "mxPoint", x=f"{x - shift[0]:.2f}", y=f"{y - shift[1]:.2f}")
        if edge.label and path.label and len(line) >= 2:
            rects = [t.rect() for t in path.label]
            cx = (min(r.x for r in rects) + max(r.right for r in rects)) / 2
            cy = (min(r.y for r in rects) + max(r.bottom for r in rects)) / 2
            mx, my = _midpoint(line)
            _sub(geometry, "mxPoint", x=f"{cx - mx:.2f}", y=f"{cy - my:.2f}", as_="offset")
    return mxfile


def drawio_bytes(scenario: Scenario, view: View, theme: Theme, *, title: str = "", transparent: bool = False) -> bytes:
    """The view as the bytes of an uncompressed ``.drawio`` file."""
    document = drawio_document(scenario, view, theme, title=title, transparent=transparent)
    ET.indent(document, space="  ")
    return ET.tostring(document, encoding="utf-8", xml_declaration=True) + b"\n"
