"""Scenario Explorer: AWS architecture scenarios as diagrams, phases and trade-offs."""
