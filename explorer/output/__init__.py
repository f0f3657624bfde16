"""What leaves the app: export settings and formats, decorations, comparison sheets,
charts, diagrams as code, batch export, ``explorer check`` and the ``show`` report.
"""
