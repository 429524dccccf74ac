import { describe, expect, it } from 'vitest';
import { createLab } from '../../../simulator/index.ts';

describe('volume population', () => {
  it('copies the image content into an empty named volume mounted over it', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker run -d --name web -p 8080:80 -v webdata:/usr/local/apache2/htdocs httpd');
    expect(lab.run('ls /var/lib/docker/volumes/webdata/_data').output).toBe('index.html\n');
    expect(lab.run('curl -s localhost:8080').output).toBe('<html><body><h1>It works!</h1></body></html>\n');
  });

  it('leaves a volume that already has data alone, and never copies into a bind mount', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker volume create v');
    lab.writeFile('/var/lib/docker/volumes/v/_data/mine.html', 'mine\n');
    lab.run('docker run -d --name a -v v:/usr/local/apache2/htdocs httpd');
    expect(lab.run('ls /var/lib/docker/volumes/v/_data').output).toBe('mine.html\n');
    lab.run('mkdir /root/empty');
    lab.run('docker run -d --name b -v /root/empty:/usr/local/apache2/htdocs httpd');
    expect(lab.run('ls /root/empty').output).toBe('');
  });
});

describe('volume inspect', () => {
  it('shows Labels and Options as the create request sent them: none from the 28.2 client without --label/-o (null), as for a volume made by -v', () => {
    const lab = createLab('docker', { seed: 1 });
    lab.run('docker volume create made');
    const made = lab.run('docker volume inspect made').output;
    // The real client leaves empty maps out of its request (omitempty): `{"Driver":"local","Name":"made"}`.
    expect(made).toContain('"Labels": null,\n');
    expect(made).toContain('"Options": null,\n');
    lab.run('docker pull centos:7');
    lab.run('docker create --name cc -v implicit:/data centos:7');
    const implicit = lab.run('docker volume inspect implicit').output;
    expect(implicit).toContain('"Labels": null,\n');
    expect(implicit).toContain('"Options": null,\n');
  });
});
