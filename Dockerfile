# One image for web, worker and beat (docker-compose.yml).
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# WeasyPrint needs Pango; DejaVu covers Latin and Cyrillic in the PDFs.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir .
COPY . .
RUN DEBUG=false SECRET_KEY=build-only python manage.py collectstatic --noinput
RUN useradd --system --uid 1000 caseworks && mkdir -p /app/media && chown caseworks /app/media
USER caseworks
EXPOSE 8000
CMD ["gunicorn", "caseworks.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2", "--timeout", "60"]
