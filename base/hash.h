/* base/hash.h: FNV-1a, 64 bits: a fingerprint of bytes that is cheap to
 * compute incrementally (checkpoint checksums). Not cryptographic: it finds
 * damage (a truncated or altered file), not tampering. */
#ifndef BILIM_HASH_H
#define BILIM_HASH_H

#include <stddef.h>
#include <stdint.h>

#define BILIM_HASH_INIT 0xcbf29ce484222325ull /* FNV-1a's offset basis */

/* h updated with bytes data[0..n-1]; start from BILIM_HASH_INIT. */
uint64_t bilim_hash_bytes(uint64_t h, const void *data, size_t n);

#endif
