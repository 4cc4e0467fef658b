#!/usr/bin/env bash
# Renders the README's screenshot of the filled form, as Camunda Modeler shows it, with the
# modeler-check tool the workspace provides beside the project (../shared/tools/modeler-check; a
# development aid, never needed by CI). It applies the committed template to a service task in
# the real modeler (headless Chromium), fills the fields a modeler would fill, checks the result
# (schema, form read back, lint) and writes form.png, copied to docs/images/modeler-form.png.
# Also checks examples/offboarding.bpmn in the same modeler (diagram mode, 0 lint errors).
set -euo pipefail

cd "$(dirname "$0")/.."
CHECK=${MODELER_CHECK:-../shared/tools/modeler-check/check.sh}
OUT=target/modeler-check

if [ ! -x "$CHECK" ]; then
  echo "render-modeler-form: $CHECK not found (set MODELER_CHECK to the tool's check.sh)" >&2
  exit 2
fi

"$CHECK" --bpmn examples/offboarding.bpmn --templates element-templates --out "$OUT/diagram"
"$CHECK" element-templates/synthflow-delete-phone-number.json \
  region=eu phoneNumber='=employee.phone' ifNotFound=succeed \
  --out "$OUT/form"

mkdir -p docs/images
cp "$OUT/form/form.png" docs/images/modeler-form.png
cp "$OUT/diagram/diagram.png" docs/images/offboarding-process.png
echo "render-modeler-form: wrote docs/images/modeler-form.png and docs/images/offboarding-process.png"
