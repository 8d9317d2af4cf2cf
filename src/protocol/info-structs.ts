// virNodeInfo and virDomainInfo as objects (Sys::Virt's get_node_info and
// get_info hashes): what node_get_info and domain_get_info carry, the shape
// the client API returns and the embedded driver answers from.

export interface NodeInfo {
  model: string;
  /** KiB */
  memory: bigint;
  cpus: number;
  mhz: number;
  nodes: number;
  sockets: number;
  cores: number;
  threads: number;
}

export interface DomainInfo {
  /** One of Domain.STATE_*. */
  state: number;
  /** KiB */
  maxMem: bigint;
  /** KiB */
  memory: bigint;
  nrVirtCpu: number;
  /** Nanoseconds. */
  cpuTime: bigint;
}
