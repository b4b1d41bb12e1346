using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;

namespace DocExchange.Benchmarks;

/// <summary>
/// The ceilings: raw signature and hash operations of the platform (OpenSSL underneath), with nothing of ours around
/// them. Signing and validating a PDF cannot be faster than hashing it plus one private- or public-key operation.
/// </summary>
public class CryptoCeilingBenchmarks
{
    private readonly byte[] _digest = SHA256.HashData("DocExchange"u8);
    private readonly byte[] _mebibyte = new byte[1024 * 1024];
    private RSA _rsa2048 = null!;
    private RSA _rsa3072 = null!;
    private ECDsa _p256 = null!;
    private byte[] _rsa2048Signature = null!;
    private byte[] _rsa3072Signature = null!;
    private byte[] _p256Signature = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(7).NextBytes(_mebibyte);
        _rsa2048 = RSA.Create(2048);
        _rsa3072 = RSA.Create(3072);
        _p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _rsa2048Signature = Rsa2048Sign();
        _rsa3072Signature = Rsa3072Sign();
        _p256Signature = EcdsaP256Sign();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _rsa2048.Dispose();
        _rsa3072.Dispose();
        _p256.Dispose();
    }

    [Benchmark]
    public byte[] Rsa2048Sign() => _rsa2048.SignHash(_digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [Benchmark]
    public bool Rsa2048Verify() => _rsa2048.VerifyHash(_digest, _rsa2048Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [Benchmark]
    public byte[] Rsa3072Sign() => _rsa3072.SignHash(_digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [Benchmark]
    public bool Rsa3072Verify() => _rsa3072.VerifyHash(_digest, _rsa3072Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [Benchmark]
    public byte[] EcdsaP256Sign() => _p256.SignHash(_digest);

    [Benchmark]
    public bool EcdsaP256Verify() => _p256.VerifyHash(_digest, _p256Signature);

    /// <summary>SHA-256 of 1 MiB: throughput in MB/s is 1.048576 / mean seconds.</summary>
    [Benchmark]
    public byte[] Sha256OneMebibyte() => SHA256.HashData(_mebibyte);
}
