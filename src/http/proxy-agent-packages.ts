/**
 * The third-party proxy agent for plain-HTTP targets (and agent-base and debug behind it),
 * imported dynamically by proxy.ts only when a proxy applies, so that it is a lazy chunk.
 */
export { HttpProxyAgent } from 'http-proxy-agent';
