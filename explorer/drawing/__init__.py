"""Drawing a view: the adapter to the ``diagrams`` package, icons, the palette, Graphviz
runs and the caches of what they produce.
"""
