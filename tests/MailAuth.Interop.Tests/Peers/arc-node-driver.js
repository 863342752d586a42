#!/usr/bin/env node
// Node mailauth (npm "mailauth", installed by .ci/setup.d/node.sh) ARC driver for the MailAuth.Core ARC interop tests.
//
//   probe
//   verify --keys KEYTABLE --in MESSAGE                      prints the arc result (pass/fail/none) and the reason
//   seal   --keys KEYTABLE --key PEM --domain D --selector S --srv-id ID --in MESSAGE --out SEALED
//
// Offline: TXT look-ups are answered from KEYTABLE (lines "selector._domainkey.domain<TAB>record"); every other name is
// ENOTFOUND. seal runs authenticate() with its seal option, which validates the chain and adds the ARC set on top.
// Exit: 0 pass/sealed, 1 fail/none/not sealed, 2 error.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const prefix = process.env.MAILAUTH_NODE_PREFIX || path.join(os.homedir(), '.cache', 'mailauth-interop', 'node');

function load() {
    return require(path.join(prefix, 'node_modules', 'mailauth'));
}

async function main() {
    const mode = process.argv[2];
    const o = {};
    for (let i = 3; i < process.argv.length; i += 2) {
        o[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
    }
    const { authenticate } = load();
    if (mode === 'probe') {
        console.log('ok');
        return 0;
    }
    const table = new Map();
    for (const line of fs.readFileSync(o.keys, 'ascii').split('\n')) {
        if (line && !line.startsWith('#')) {
            const [name, record] = line.split('\t');
            table.set(name.toLowerCase().replace(/\.$/, ''), record);
        }
    }
    const resolver = async (name, type) => {
        const key = name.toLowerCase().replace(/\.$/, '');
        if (type === 'TXT' && table.has(key)) {
            return [table.get(key).match(/.{1,255}/g)];
        }
        const err = new Error('not found');
        err.code = 'ENOTFOUND';
        throw err;
    };
    const message = fs.readFileSync(o.in);
    const options = { ip: '192.0.2.1', helo: 'relay.example', sender: 'alice@example.com', mta: o['srv-id'] || 'mx.example.org', resolver };
    if (mode === 'verify') {
        const res = await authenticate(message, options);
        const status = res.arc && res.arc.status ? res.arc.status : { result: 'none' };
        console.log(`${status.result} ${status.comment || ''}`.trim());
        return status.result === 'pass' ? 0 : 1;
    }
    if (mode === 'seal') {
        options.seal = { signingDomain: o.domain, selector: o.selector, privateKey: fs.readFileSync(o.key) };
        const res = await authenticate(message, options);
        const headers = typeof res.headers === 'string' ? res.headers : (res.headers || []).join('\r\n') + '\r\n';
        if (!/ARC-Seal:/i.test(headers)) {
            console.log(`not sealed: ${JSON.stringify(res.arc && res.arc.sealErrors)}`);
            return 1;
        }
        fs.writeFileSync(o.out, Buffer.concat([Buffer.from(headers), message]));
        console.log(`sealed cv=${res.arc.status.result}`);
        return 0;
    }
    console.log('usage: arc-node-driver.js probe|verify|seal ...');
    return 2;
}

main().then(code => process.exit(code), err => {
    console.log(`error: ${err.message}`);
    process.exit(2);
});
