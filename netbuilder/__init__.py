"""NetBuilder: design neural networks visually, train them, watch them learn, export them."""

__version__ = "0.1.0"
