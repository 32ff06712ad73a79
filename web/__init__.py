"""The web studio: the seed's HTTP API (SSE) and one page, over the same domain services as the Discord bot."""

from web.server import make_app, run_studio, start_studio

__all__ = ["make_app", "run_studio", "start_studio"]
