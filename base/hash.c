/* base/hash.c: FNV-1a, 64 bits (hash.h). */
#include "base/hash.h"

uint64_t bilim_hash_bytes(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}
