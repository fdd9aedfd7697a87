// The demo generator's random numbers: xoshiro256** seeded through splitmix64, with the few
// distributions it needs written out, because <random>'s distributions differ between standard
// libraries and the demo must be the same for a seed everywhere.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>

namespace tandem::demo {

// One step of splitmix64: also a good mixer to derive independent streams (per lead, per day).
inline std::uint64_t SplitMix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

inline std::uint64_t MixSeed(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t state = seed ^ (stream * 0xD1B54A32D192ED03ull);
    SplitMix64(state);
    return SplitMix64(state);
}

class DemoRandom {
public:
    explicit DemoRandom(std::uint64_t seed) {
        std::uint64_t state = seed;
        for (std::uint64_t& word : m_state) word = SplitMix64(state);
    }

    std::uint64_t Next() {
        const std::uint64_t result = Rotl(m_state[1] * 5, 7) * 9;
        const std::uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = Rotl(m_state[3], 45);
        return result;
    }

    // [0, 1) with 53 random bits.
    double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
    double Uniform(double low, double high) { return low + (high - low) * Uniform(); }
    bool Chance(double p) { return Uniform() < p; }

    // [low, high], inclusive; the modulo bias is far below anything a demo could show.
    std::int64_t Int(std::int64_t low, std::int64_t high) {
        const auto span = static_cast<std::uint64_t>(high - low) + 1;
        return low + static_cast<std::int64_t>(Next() % span);
    }

    std::size_t Index(std::size_t count) { return static_cast<std::size_t>(Next() % count); }

    template <class T>
    const T& Pick(std::span<const T> items) {
        return items[Index(items.size())];
    }

    // Standard normal by Box-Muller (one of the pair is dropped: simplicity over speed).
    double Normal() {
        double u1 = 1.0 - Uniform();   // (0, 1], so the log is finite
        double u2 = Uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }

    // Log-normal by its median: delays and money are skewed, with long right tails.
    double LogNormal(double median, double sigma) { return median * std::exp(sigma * Normal()); }

    double Exponential(double mean) { return -mean * std::log(1.0 - Uniform()); }

    // A small count with the given mean (geometric on 0, 1, 2, ...): page views, clicks.
    std::int64_t Count(double mean) {
        if (mean <= 0) return 0;
        return static_cast<std::int64_t>(std::floor(Exponential(1.0) / std::log1p(1.0 / mean)));
    }

    // An index into `weights`, each chosen in proportion to its weight.
    std::size_t Weighted(std::span<const double> weights) {
        double total = 0;
        for (double w : weights) total += w;
        double x = Uniform() * total;
        for (std::size_t i = 0; i < weights.size(); ++i) {
            if (x < weights[i]) return i;
            x -= weights[i];
        }
        return weights.size() - 1;
    }

private:
    static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    std::uint64_t m_state[4];
};

}  // namespace tandem::demo
