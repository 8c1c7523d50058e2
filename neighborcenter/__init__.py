"""NeighborCenter (邻里中心): the front-desk application of one 幸福邻里中心."""

__version__ = "0.1.0"
