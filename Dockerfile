# Two stages: the build stage installs exactly uv.lock's versions (with their hashes) into /app/.venv; the final
# image gets only that venv and the code: no compilers, no uv, no caches.
FROM python:3.11-slim AS build
WORKDIR /app
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
COPY uv.lock pyproject.toml README.md ./
# uv at the version the lock pins, so the lock is read by the tool that wrote it.
RUN uv_version=$(awk '/^name = "uv"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' uv.lock) \
    && pip install --no-cache-dir "uv==$uv_version"
# Dependencies first (a layer that changes only with the lock), then the project itself, not editable.
RUN uv sync --locked --no-install-project --no-editable --no-cache
COPY bot ./bot
COPY cogs ./cogs
RUN uv sync --locked --no-editable --no-cache

FROM python:3.11-slim
WORKDIR /app
RUN useradd --create-home --uid 1000 bot && mkdir /data && chown bot /data
COPY --from=build /app/.venv /app/.venv
COPY config.example.toml /app/config.toml
ENV PATH=/app/.venv/bin:$PATH PYTHONUNBUFFERED=1
# The database and the image store live in the volume; secrets come from the environment.
VOLUME ["/data"]
USER bot
# Healthy only while the bot is connected to Discord: it writes /data/heartbeat.json every 30 s while connected.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["profile-creator", "health", "--data-dir", "/data"]
CMD ["profile-creator", "run", "--config", "/app/config.toml", "--data-dir", "/data"]
