# The lines of shard SHARD of NUMBER (1-based), cut the way GNU
# `split -n l/SHARD/NUMBER` cuts a file, which is how TuxRun's test
# definitions shard LTP's and kselftest's test lists: NUMBER chunks of
# floor(size/NUMBER) bytes, every line in the chunk that holds its first
# byte (the last chunk takes the rest), so the shards of one list are
# disjoint and together are the whole list, in order.
# Usage: LC_ALL=C awk -v shard=I -v number=N -f shard.awk LIST LIST
# (the list twice: the first pass measures it).
NR == FNR { size += length($0) + 1; next }
FNR == 1 { chunk = int(size / number); offset = 0 }
{
  k = chunk > 0 ? int(offset / chunk) + 1 : offset + 1
  if (k > number) k = number
  if (k == shard) print
  offset += length($0) + 1
}
