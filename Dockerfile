FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY cogs ./cogs
RUN pip install --no-cache-dir . && useradd --create-home --uid 1000 bot && mkdir /data && chown bot /data
COPY config.example.toml /app/config.toml
# The database and the image store live in the volume; secrets come from the environment.
VOLUME ["/data"]
USER bot
CMD ["profile-creator", "run", "--config", "/app/config.toml", "--data-dir", "/data"]
