// CI checks with Camunda's own tools, so that CI fails where the Modeler would complain:
//   1. every element template (element-templates/**/*.json) against the official Zeebe element
//      template schema (@bpmn-io/element-templates-validator);
//   2. every example diagram (examples/*.bpmn) with @camunda/linting, the linter Desktop Modeler
//      runs (Camunda 8.x rules of the diagram's execution platform version, bpmnlint correctness),
//      plus the element templates plugin, so that templated tasks are checked against their
//      templates (unknown template, empty required field, pattern mismatch).
// Usage (from the project root): node .ci/node/node_modules/.build/check.mjs [--templates DIR] [--bpmn DIR_OR_FILE]... ; exit 1 on any error.
import './dom.mjs';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

import { validateZeebe } from '@bpmn-io/element-templates-validator';
import { Linter } from '@camunda/linting';
import { CloudElementTemplatesLinterPlugin } from 'bpmn-js-element-templates';

const root = process.cwd();
const args = parseArgs(process.argv.slice(2));
let failures = 0;

const templates = checkTemplates(args.templates);
await lintDiagrams(args.bpmn, templates);

console.log(failures ? `FAILED: ${failures} problem(s)` : 'OK: templates valid, diagrams lint clean');
process.exit(failures ? 1 : 0);

function checkTemplates(dirs) {
  console.log('Element templates (@bpmn-io/element-templates-validator, Zeebe schema)');
  const loaded = [];
  const files = dirs.flatMap((dir) => findFiles(dir, '.json'));
  if (!files.length) {
    fail(`no element templates found in ${dirs.join(', ')}`);
  }
  for (const file of files) {
    let json;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      fail(`${rel(file)}: not JSON: ${e.message}`);
      continue;
    }
    const list = Array.isArray(json) ? json : [ json ];
    let ok = true;
    for (const template of list) {
      const { valid, errors = [] } = validateZeebe(template);
      if (!valid) {
        ok = false;
        for (const error of errors) {
          fail(`${rel(file)}: ${template.id ?? '(no id)'}: ${error.dataPath ?? error.instancePath ?? ''} ${error.message}`);
        }
      }
    }
    if (ok) {
      console.log(`  ok    ${rel(file)} (${list.map((t) => `${t.id}@${t.version}`).join(', ')})`);
      loaded.push(...list);
    }
  }
  return loaded;
}

async function lintDiagrams(paths, templates) {
  console.log('Diagrams (@camunda/linting, desktop modeler rules, with the element templates)');
  const files = paths.flatMap((path) => findFiles(path, '.bpmn'));
  if (!files.length) {
    fail(`no diagrams found in ${paths.join(', ')}`);
  }
  const linter = new Linter({
    modeler: 'desktop',
    type: 'cloud',
    plugins: [ CloudElementTemplatesLinterPlugin(templates) ]
  });
  for (const file of files) {
    const xml = readFileSync(file, 'utf8');
    if (!/modeler:executionPlatformVersion="8\.8/.test(xml)) {
      // The linter picks its rules from this attribute and silently skips a diagram without it.
      fail(`${rel(file)}: must declare modeler:executionPlatform="Camunda Cloud" and executionPlatformVersion 8.8.x`);
      continue;
    }
    let reports;
    try {
      reports = await linter.lint(xml);
    } catch (e) {
      fail(`${rel(file)}: cannot be read: ${e.message}`);
      continue;
    }
    const errors = reports.filter((r) => r.category === 'error');
    for (const report of reports) {
      const line = `${rel(file)}: ${report.id} ${report.name ? `"${report.name}" ` : ''}${report.rule}: ${report.message}`;
      if (report.category === 'error') {
        fail(line);
      } else {
        console.log(`  ${report.category.padEnd(5)} ${line}`);
      }
    }
    if (!errors.length) {
      console.log(`  ok    ${rel(file)} (${reports.length} warning(s)/info)`);
    }
  }
}

function findFiles(path, extension) {
  const full = resolve(root, path);
  let stat;
  try {
    stat = statSync(full);
  } catch {
    fail(`${path}: no such file or folder`);
    return [];
  }
  if (stat.isFile()) {
    return [ full ];
  }
  return readdirSync(full, { recursive: true })
    .map((name) => join(full, name))
    .filter((file) => file.endsWith(extension) && statSync(file).isFile())
    .sort();
}

function parseArgs(argv) {
  const result = { templates: [], bpmn: [] };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in result) || i + 1 >= argv.length) {
      console.error(`usage: check.mjs [--templates DIR]... [--bpmn DIR_OR_FILE]...`);
      process.exit(2);
    }
    result[key].push(argv[++i]);
  }
  if (!result.templates.length) result.templates.push('element-templates');
  if (!result.bpmn.length) result.bpmn.push('examples');
  return result;
}

function fail(message) {
  failures++;
  console.log(`  ERROR ${message}`);
}

function rel(file) {
  return relative(root, file);
}
