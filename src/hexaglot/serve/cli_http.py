"""``hexaglot serve``: the HTTP API and web interface under uvicorn."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

err = Console(stderr=True, soft_wrap=True)


def serve(archive: Path, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          embeddings: bool = True, workers: int = 1, log_level: str = "warning", access_log: bool = True) -> None:
    """Serve ``archive`` until interrupted; prints the URL (and the token when one was generated).
    ``access_log``: one line per request on stderr (method, path, status, bytes, milliseconds)."""
    import uvicorn

    from hexaglot.serve.http import Settings, create_app

    _check_port(host, port)
    from hexaglot.serve.http.middleware import enable_access_log

    enable_access_log(access_log)
    settings = Settings(archive=archive, token=token or os.environ.get("HEXAGLOT_TOKEN", ""), embeddings=embeddings)
    app = create_app(settings=settings)
    shown = f"[{host}]" if ":" in host else host
    err.print(f"[bold green]Hexaglot[/] serving [cyan]{archive}[/] at [bold]http://{shown}:{port}/[/] "
              f"(API docs at /docs; Ctrl-C stops it)", highlight=False)
    if settings.token_generated:
        err.print(f"write token (uploads): [bold]{settings.token}[/]  (set HEXAGLOT_TOKEN to choose one)",
                  highlight=False)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]note:[/] listening on {host}: other machines can read the archive", highlight=False)
    if workers > 1:  # each process builds its own app from the environment
        os.environ.update(HEXAGLOT_ARCHIVE=str(archive), HEXAGLOT_TOKEN=settings.token,
                          HEXAGLOT_EMBEDDINGS="1" if embeddings else "0",
                          HEXAGLOT_ACCESS_LOG="1" if access_log else "0")
        uvicorn.run("hexaglot.serve.http.app:app_from_env", factory=True, workers=workers, host=host, port=port,
                    log_level=log_level, server_header=False, access_log=False)
        return
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False, access_log=False)


def _check_port(host: str, port: int) -> None:
    """A clear error before start-up when the address cannot be bound (in use, not local)."""
    import socket

    from hexaglot.errors import ConfigError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            raise ConfigError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); "
                              "choose another port with --port") from None


def register(app: typer.Typer) -> None:
    """Add the serve command to ``app``."""

    @app.command("serve")
    def serve_cmd(
        archive: Annotated[Path, typer.Option("--archive", "-a", envvar="HEXAGLOT_ARCHIVE",
                                              help="Archive folder to serve.")] = Path("hexaglot-archive"),
        host: Annotated[str, typer.Option("--host", help="Address to bind; 127.0.0.1 keeps it on this machine.")
                        ] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
        token: Annotated[str | None, typer.Option("--token", envvar="HEXAGLOT_TOKEN", show_envvar=True,
                                                  help="Bearer token for uploads (generated when unset).")] = None,
        embeddings: Annotated[bool, typer.Option("--embeddings/--no-embeddings",
                                                 help="Sentence embeddings when aligning uploads.")] = True,
        workers: Annotated[int, typer.Option("--workers", min=1, max=32,
                                             help="Server processes (reads scale with cores).")] = 1,
        access_log: Annotated[bool, typer.Option("--access-log/--no-access-log",
                                                 help="One line per request on stderr: client, method, path, "
                                                      "status, bytes, milliseconds.")] = True,
    ) -> None:
        """Serve the archive over HTTP: JSON API (/api, /docs) and web interface."""
        serve(archive, host, port, token, embeddings, workers, access_log=access_log)
