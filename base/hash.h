/* base/hash.h: FNV-1a, the project's one 64-bit hash of bytes: design
 * fingerprints (sim/design.h) and the journal's input hashes and record
 * checksums (sim/journal.h). Not cryptographic: it detects changed inputs
 * and torn or damaged records, not an adversary. */
#ifndef BILIM_HASH_H
#define BILIM_HASH_H

#include <stddef.h>
#include <stdint.h>

#define BILIM_HASH_INIT 0xcbf29ce484222325ull

/* Continues hash h over n bytes (start with BILIM_HASH_INIT). */
uint64_t bilim_hash_bytes(uint64_t h, const void *data, size_t n);

/* Continues h over the string s and its terminating zero (so "ab","c"
 * and "a","bc" differ). */
uint64_t bilim_hash_string(uint64_t h, const char *s);

#endif
