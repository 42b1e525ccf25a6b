# Writes the claims corpus from the texts as found (see the header of each file for its source).
import json, os
exec(open('a.py').read())
for f in 'bcde':
    exec(open(f + '.py').read())
root = '../../test/fixtures/claims-corpus'
for n, d in enumerate(D, 1):
    split = 'test' if n % 3 == 0 else 'dev'
    os.makedirs(f'{root}/{split}', exist_ok=True)
    head = f"Source: {d['url']}\nPublisher: {d['publisher']}\nTitle: {d['title']}\nDate: {d['date']}\n---\n"
    open(f'{root}/{split}/{n:03d}.txt', 'w').write(head + d['text'] + '\n')
    claims = []
    for key in d['claims']:
        kind, _, value = key.partition(':')
        c = {'kind': kind, 'key': key}
        if d['verdicts'].get(key):
            c['verdict'] = d['verdicts'][key]
        claims.append(c)
    labels = {'source': {'url': d['url'], 'publisher': d['publisher'], 'title': d['title'], 'date': d['date']},
              'claims': claims, 'notScored': d['not_scored']}
    open(f'{root}/{split}/{n:03d}.json', 'w').write(json.dumps(labels, indent=2, ensure_ascii=False) + '\n')
print(len(D))
