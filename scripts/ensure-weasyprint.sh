#!/usr/bin/env bash
# PDFs (certificates, reports) are made by WeasyPrint, which needs Pango and HarfBuzz from the
# system, and fonts: Liberation Sans stands in for Arial, the NHS's fallback for Frutiger
# (docs/adr/0021-pdf-generation.md). poppler-utils (pdftotext, pdfinfo, pdftoppm) lets the tests
# and people read a PDF back. Installs them on a fresh Debian machine when run as root.
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libharfbuzz0b fonts-liberation poppler-utils)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = "0" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "PDF generation needs: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
