using KhoGen;

namespace Broken;

// Two types claim queue-v1.
[KhoFormat("queue", 1)] // expect: KHO004
public partial record QueueV1(int Head, int Tail);

[KhoFormat("queue", 1)] // expect: KHO004
public partial record QueueStateV1(int Head, int Tail, int Capacity);
