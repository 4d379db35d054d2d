// pm2 start deploy/pm2/ecosystem.config.js — the seed's local layout: the seven
// services and one MinIO per service on 9001-9006, each reading its own env file
// (env/NAME.env, env/minio-NAME.env; see deploy/compose/env.example). Paths are
// relative to the folder pm2 is started from unless STEPPERSLIFE_* say otherwise.
'use strict';

const fs = require('fs');
const path = require('path');

const bin = process.env.STEPPERSLIFE_BIN || path.resolve('bin/stepperslife');
const minio = process.env.STEPPERSLIFE_MINIO || 'minio';
const envDir = path.resolve(process.env.STEPPERSLIFE_ENV_DIR || 'env');
const dataDir = path.resolve(process.env.STEPPERSLIFE_DATA_DIR || 'data');

// name, port, MinIO port (the seed's table)
const services = [
  ['portal', 3001, 0],
  ['restaurants', 3010, 9001],
  ['events', 3004, 9002],
  ['store', 3008, 9003],
  ['classes', 3009, 9004],
  ['magazine', 3007, 9005],
  ['services', 3011, 9006],
];

// readEnv reads KEY=VALUE lines; a missing file is no variables.
function readEnv(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err.code === 'ENOENT') return {};
    throw err;
  }
  const env = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim().replace(/^export\s+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 1) throw new Error(`${file}: "${line.slice(0, 20)}…" is not KEY=VALUE`);
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) {
      value = value.slice(1, -1);
    }
    env[line.slice(0, eq).trim()] = value;
  }
  return env;
}

const common = readEnv(path.join(envDir, 'common.env'));
const apps = [];
for (const [name, port] of services) {
  apps.push({
    name: name === 'portal' ? 'stepperslife-main' : `stepperslife-${name}`,
    script: bin,
    args: ['serve', name],
    interpreter: 'none',
    autorestart: true,
    exp_backoff_restart_delay: 200,
    kill_timeout: 30000,
    env: { DATA_DIR: dataDir, ...common, PORT: String(port), ...readEnv(path.join(envDir, `${name}.env`)) },
  });
}
for (const [name, , minioPort] of services) {
  if (!minioPort) continue;
  apps.push({
    name: `minio-${name}`,
    script: minio,
    args: ['server', path.join(dataDir, 'minio', name), '--address', `:${minioPort}`, '--console-address', `:${minioPort + 100}`],
    interpreter: 'none',
    autorestart: true,
    env: readEnv(path.join(envDir, `minio-${name}.env`)),
  });
}

module.exports = { apps };
