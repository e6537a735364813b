// Small helpers shared by the benchmarks: clocks, percentiles, memory and machine load.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace jobrec::bench {

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

// CPU time of the calling thread: rates per core stay meaningful when other processes
// compete for the machine's cores.
double ThreadCpuSeconds();

// The p-th percentile (0..100) of `values` (sorted in place), nearest-rank.
double Percentile(std::vector<double>& values, double p);

// Resident set size of this process, from /proc/self/statm.
size_t ResidentBytes();

// "load average 1.23 (2 cores)" from /proc/loadavg.
std::string MachineLoad();

}  // namespace jobrec::bench
