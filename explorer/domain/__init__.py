"""The domain: the scenario model (the file format), selections and views, trade-offs and
the recommendation, what-if parameters, formulas and the difference between two designs.
Nothing here draws, reads files or imports Qt.
"""
