'use strict';
// Throughput of Node's mailauth authenticate() on MailAuth.Core's samples: the same message, the same zone file,
// answers from memory. Usage: node bench.js [SECONDS] [MESSAGE] [ZONE]  (see ../compare-node.sh).
// Prints the results of one call (they must be pass for SPF, DKIM and DMARC, or nothing is measured), then "ops/sec: N".

const fs = require('fs');
const path = require('path');
const { authenticate } = require('mailauth');

const seconds = Number(process.argv[2] || 5);
const root = path.resolve(__dirname, '..', '..');
const messageFile = process.argv[3] || path.join(root, 'samples', 'message-20k.eml');
const zoneFile = process.argv[4] || path.join(root, 'samples', 'example.zone');

// A small RFC 1035 master-file reader: $ORIGIN, $TTL, comments, ( ) continuation, quoted strings, @, relative names,
// omitted owner, A AAAA MX TXT NS SOA CNAME. Enough for samples/example.zone.
function tokenize(text) {
    const lines = [];
    let tokens = [];
    let depth = 0;
    let startsWithSpace = false;
    let atLineStart = true;
    for (let i = 0; i < text.length; ) {
        const c = text[i];
        if (atLineStart) {
            startsWithSpace = c === ' ' || c === '\t';
            atLineStart = false;
        }
        if (c === '\n') {
            if (depth === 0 && tokens.length) {
                lines.push({ tokens, startsWithSpace });
                tokens = [];
            }
            if (depth === 0) atLineStart = true;
            i++;
        } else if (c === ';') {
            while (i < text.length && text[i] !== '\n') i++;
        } else if (c === ' ' || c === '\t' || c === '\r') {
            i++;
        } else if (c === '(') {
            depth++;
            i++;
        } else if (c === ')') {
            depth--;
            i++;
        } else if (c === '"') {
            let s = '';
            i++;
            while (i < text.length && text[i] !== '"') {
                if (text[i] === '\\' && /[0-9]{3}/.test(text.substr(i + 1, 3))) {
                    s += String.fromCharCode(Number(text.substr(i + 1, 3)));
                    i += 4;
                } else if (text[i] === '\\') {
                    s += text[i + 1];
                    i += 2;
                } else {
                    s += text[i++];
                }
            }
            i++;
            tokens.push({ quoted: true, value: s });
        } else {
            let s = '';
            while (i < text.length && !' \t\r\n;()"'.includes(text[i])) s += text[i++];
            tokens.push({ quoted: false, value: s });
        }
    }
    if (tokens.length) lines.push({ tokens, startsWithSpace });
    return lines;
}

function loadZone(text) {
    const records = new Map(); // "name|TYPE" -> answers in the shape of dns.promises.resolve()
    const names = new Set();
    let origin = '';
    let owner = '';
    const absolute = n => (n === '@' ? origin : n.endsWith('.') ? n.slice(0, -1) : `${n}.${origin}`).toLowerCase();
    for (const { tokens, startsWithSpace } of tokenize(text)) {
        const words = tokens.map(t => t.value);
        if (words[0] === '$ORIGIN') {
            origin = words[1].replace(/\.$/, '').toLowerCase();
            continue;
        }
        if (words[0] === '$TTL') continue;
        let i = 0;
        if (!startsWithSpace) owner = absolute(words[i++]);
        while (i < words.length && (/^[0-9]+$/.test(words[i]) || words[i].toUpperCase() === 'IN')) i++;
        const type = words[i++].toUpperCase();
        const rdata = tokens.slice(i);
        let answer;
        switch (type) {
            case 'A':
            case 'AAAA':
                answer = rdata[0].value;
                break;
            case 'MX':
                answer = { priority: Number(rdata[0].value), exchange: absolute(rdata[1].value) };
                break;
            case 'TXT':
                answer = rdata.map(t => t.value);
                break;
            case 'CNAME':
            case 'NS':
                answer = absolute(rdata[0].value);
                break;
            default:
                answer = rdata.map(t => t.value);
        }
        names.add(owner);
        const key = `${owner}|${type}`;
        if (!records.has(key)) records.set(key, []);
        records.get(key).push(answer);
    }
    return { records, names };
}

function dnsError(code, name, rrtype) {
    const err = new Error(`${code} ${name} ${rrtype}`);
    err.code = code;
    return err;
}

const zone = loadZone(fs.readFileSync(zoneFile, 'utf8'));
let queries = 0;
// The resolver contract of mailauth: like dns.promises.resolve(name, rrtype); failures throw with code ENOTFOUND/ENODATA.
const resolver = async (name, rrtype) => {
    queries++;
    const key = `${String(name).replace(/\.$/, '').toLowerCase()}`;
    const answers = zone.records.get(`${key}|${rrtype}`);
    if (answers) return answers;
    const exists = zone.names.has(key) || [...zone.names].some(n => n.endsWith(`.${key}`));
    throw dnsError(exists ? 'ENODATA' : 'ENOTFOUND', name, rrtype);
};

const message = fs.readFileSync(messageFile);
const options = {
    ip: '192.0.2.25',
    helo: 'mail.example.com',
    sender: 'alice@example.com',
    mta: 'localhost',
    resolver,
    // MailAuth.Core's MessageAuthenticator does not run ARC or BIMI; leave them out so both do the same work.
    disableArc: true,
    disableBimi: true
};

async function main() {
    const first = await authenticate(message, options);
    const spf = first.spf?.status?.result;
    const dkim = (first.dkim?.results || []).map(r => r.status?.result);
    const dmarc = first.dmarc?.status?.result;
    console.log(`mailauth ${require('mailauth/package.json').version} on node ${process.version}`);
    console.log(`message: ${message.length} bytes; spf=${spf} dkim=${dkim.join(',')} dmarc=${dmarc}; ${queries} DNS queries per message`);
    console.log(first.headers.trim());
    if (spf !== 'pass' || dkim.length !== 1 || dkim[0] !== 'pass' || dmarc !== 'pass') {
        console.error('node mailauth does not pass the sample; not measuring');
        process.exit(1);
    }

    const loop = async ms => {
        let ops = 0;
        const start = process.hrtime.bigint();
        let elapsed = 0;
        while (elapsed < ms) {
            const result = await authenticate(message, options);
            if (!result.headers) throw new Error('no headers');
            ops++;
            elapsed = Number(process.hrtime.bigint() - start) / 1e6;
        }
        return { ops, elapsed };
    };

    await loop(Math.min(2, seconds) * 1000); // warm-up
    const { ops, elapsed } = await loop(seconds * 1000);
    console.log(`iterations: ${ops} in ${(elapsed / 1000).toFixed(2)} s`);
    console.log(`ops/sec: ${(ops / (elapsed / 1000)).toFixed(0)}`);
}

main().catch(err => {
    console.error(err);
    process.exit(1);
});
