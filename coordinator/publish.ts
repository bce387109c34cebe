/** publish: queue every shard that the run store has not finished yet. */
import { encode } from '../shared/wire/codec.js';
import type { ShardMessage } from '../shared/wire/messages.js';
import type { Transport } from '../transport/transport.js';

export async function publishShards(transport: Transport, shards: readonly ShardMessage[], done: (index: number) => boolean): Promise<number> {
  let published = 0;
  for (const shard of shards) {
    if (done(shard.index)) continue;
    await transport.publishWork(shard.shardId, encode(shard));
    published++;
  }
  return published;
}
