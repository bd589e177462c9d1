/**
 * Credentials never belong in the flow file: it is edited by ops staff,
 * committed and shown in reports. Any key that looks like one is an error
 * whose message sends the value to the environment or .env. The value itself
 * is never repeated in a finding.
 */
import { isMap, isPair, isSeq, type Document } from 'yaml';
import type { FindingCollector } from './collector.js';
import { formatPath, type DocPath } from './finding.js';
import { keyString } from './locate.js';

const SECRET_WORDS = ['password', 'passwd', 'secret', 'token', 'apikey', 'credential', 'privatekey'];
const SECRET_NAMES = new Set(['pass', 'pwd', 'auth', 'authorization']);

/** True for key names such as password, ariPassword, api_key, token, clientSecret. */
export function looksLikeSecretKey(name: string): boolean {
  const plain = name.toLowerCase().replace(/[-_\s.]/g, '');
  return SECRET_NAMES.has(plain) || SECRET_WORDS.some((w) => plain.includes(w));
}

/** Reports secret-looking keys anywhere in the document; returns their paths (formatted) so the schema check skips them. */
export function findSecrets(doc: Document, out: FindingCollector): Set<string> {
  const found = new Set<string>();
  const visit = (node: unknown, path: DocPath): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const name = keyString(pair.key);
        const here = [...path, name];
        if (looksLikeSecretKey(name)) {
          found.add(formatPath(here));
          out.error('secret-in-file', here, `"${name}" looks like a credential; secrets belong in the environment or .env, never in the flow file`, {
            at: 'key',
            allowed: 'no credentials in this file: set them (e.g. ARI_USERNAME, ARI_PASSWORD) in the environment or .env',
          });
        } else {
          visit(pair.value, here);
        }
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item, [...path, i]));
    }
  };
  visit(doc.contents, []);
  return found;
}
