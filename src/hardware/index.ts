export { collectHardware, type CollectHardwareOptions } from './collect-hardware.js';
export { DEFAULT_IP_ECHO_URL } from './probe-network.js';
