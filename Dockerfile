# nca in a container: the language server over TCP (port 2087) and the OpenAI-compatible HTTP
# route (port 8765, with /health) for the project mounted at /workspace. Both listen beyond the
# container's loopback, so both need a secret, passed with -e (nca refuses to start without):
#
#   docker build -t nca .
#   docker run --rm -p 127.0.0.1:2087:2087 -p 127.0.0.1:8765:8765 -v "$PWD":/workspace \
#       -e NCA_LSP_TOKEN="$(openssl rand -hex 16)" -e NCA_API_KEY="$(openssl rand -hex 16)" nca
#
# NCA_LSP_TOKEN (16+ characters): LSP clients send it as initializationOptions.token.
# NCA_API_KEY: HTTP clients (Continue) send it as "Authorization: Bearer <key>"; so does the
# health check below. Any other command runs too: docker run --rm -v "$PWD":/workspace nca fix .
FROM python:3.11-slim

# git: nca backs every file up as a git object before it writes it; a mounted project is owned
# by another uid than the container's user, which git refuses unless told it is safe
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends git \
    && rm -rf /var/lib/apt/lists/* \
    && git config --system --add safe.directory '*'

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# installed the README's way, from the checkout (.dockerignore sends only what the build reads)
COPY . /tmp/nca-src
RUN pip install --no-cache-dir /tmp/nca-src \
    && rm -rf /tmp/nca-src \
    && nca --version

# a user of its own, never root; /workspace is where the project is mounted
RUN groupadd --gid 10001 nca \
    && useradd --create-home --uid 10001 --gid 10001 --shell /usr/sbin/nologin nca \
    && mkdir /workspace \
    && chown nca:nca /workspace
USER 10001:10001
WORKDIR /workspace

EXPOSE 2087 8765

# curl is not in the slim image: Python asks /health, with the key the route requires
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; u.urlopen(u.Request('http://127.0.0.1:8765/health', headers={'Authorization': 'Bearer ' + os.environ.get('NCA_API_KEY', '')}), timeout=4)"]

ENTRYPOINT ["nca"]
CMD ["serve", "--tcp", "--host", "0.0.0.0", "--port", "2087", "--allow-remote", \
     "--http-host", "0.0.0.0", "--http-port", "8765", "--http-allow-remote"]
