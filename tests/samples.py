"""Small scenario sources shared by the tests."""

from __future__ import annotations

import textwrap

TINY = textwrap.dedent(
    """\
    id: tiny
    title: Tiny
    nodes:
      - id: web
        type: aws.compute.EC2
        label: Web server
      - id: db
        type: aws.database.RDS
        label: Database
        phase: 2
    edges:
      - source: web
        target: db
    phases:
      - title: Web
      - title: Data
    """
)
