"""The discover stage: walk a tree and collect every model reference its files make (see engine)."""
