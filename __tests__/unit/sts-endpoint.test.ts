import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { assumeRole } from '../../src/sts/assume-role.js';
import { isStsError } from '../../src/sts/sts-error.js';

/**
 * Where AssumeRole goes without AWS_ENDPOINT_URL_STS: STS's regional endpoint of the region it is
 * given, through the project's transport (here its proxy: a listener that records the CONNECT
 * line and refuses, so nothing leaves the machine).
 */

let proxy: Server;
let connects: string[];
const saved = process.env.AWS_ENDPOINT_URL_STS;

beforeEach(async () => {
  delete process.env.AWS_ENDPOINT_URL_STS;
  connects = [];
  proxy = createServer((socket) => {
    socket.once('data', (data) => {
      connects.push(data.toString('latin1').split('\r\n')[0] ?? '');
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
    });
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
});

afterEach(async () => {
  if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_STS;
  else process.env.AWS_ENDPOINT_URL_STS = saved;
  proxy.close();
});

const credentials = {
  accessKeyId: 'ASIAEXAMPLEEXAMPLE00',
  secretAccessKey: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTQw',
  sessionToken: 'IQoJb3JpZ2luX2VjEMUexampleexampleexample',
  expiration: new Date(Date.now() + 3600_000),
};

test.each([
  ['eu-west-1', 'sts.eu-west-1.amazonaws.com:443'],
  ['us-east-1', 'sts.us-east-1.amazonaws.com:443'],
  ['cn-north-1', 'sts.cn-north-1.amazonaws.com.cn:443'],
])('%s: the regional endpoint %s, through the proxy', async (region, host) => {
  const { port } = proxy.address() as AddressInfo;
  const failure = await assumeRole(
    {
      region,
      credentials,
      roleArn: 'arn:aws:iam::333333333333:role/Deployer',
      sessionName: 'endpoint-test',
      durationSeconds: 900,
      clientOptions: {
        maxAttempts: 1,
        proxy: { url: new URL(`http://127.0.0.1:${port}`), noProxy: '' },
      },
    },
    () => {},
  ).catch((error: unknown) => error);
  expect(isStsError(failure)).toBe(true);
  expect(connects).toEqual([`CONNECT ${host} HTTP/1.1`]);
});
