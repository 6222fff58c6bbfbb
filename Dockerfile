# syntax=docker/dockerfile:1
FROM python:3.13.0-slim AS build
WORKDIR /app
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY pyproject.toml ./
COPY storefront ./storefront
COPY whmcs_gateway ./whmcs_gateway
RUN python -m venv /venv && /venv/bin/pip install .
COPY templates ./templates
COPY static ./static
COPY manage.py gunicorn.conf.py ./
# collectstatic needs settings to load; this key and URL only ever exist in the build stage
# (the image itself sets neither WHMCS_URL nor anything that would serve the sandbox).
RUN DEBUG=0 SECRET_KEY=collectstatic-only WHMCS_URL=https://whmcs.invalid \
    /venv/bin/python manage.py collectstatic --noinput

FROM python:3.13.0-slim
RUN useradd --system --uid 10001 --home /app shop
WORKDIR /app
COPY --from=build /venv /venv
COPY --from=build /app /app
ENV PATH=/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
USER shop
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status == 200 else 1)"
CMD ["gunicorn", "storefront.wsgi:application", "--config", "gunicorn.conf.py"]
