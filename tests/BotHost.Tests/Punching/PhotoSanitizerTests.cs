using System.Security.Cryptography;
using Attendance.BotHost.Punching.Photos;

namespace Attendance.BotHost.Tests.Punching;

public sealed class PhotoSanitizerTests
{
    private const long Cap = 16 * 1024 * 1024;

    [Fact]
    public void A_jpeg_is_re_encoded_and_keeps_nothing_but_pixels()
    {
        var result = PhotoSanitizer.Normalize(TestImages.JpegWithMetadata(), Cap);
        result.Refusal.Should().Be(PhotoRefusal.None);
        TestImages.AssertPixelsOnly(result.Jpeg!);
    }

    [Fact]
    public void A_png_is_re_encoded_as_jpeg_without_its_chunks()
    {
        var result = PhotoSanitizer.Normalize(TestImages.PngWithMetadata(), Cap);
        result.Refusal.Should().Be(PhotoRefusal.None);
        TestImages.AssertPixelsOnly(result.Jpeg!);
    }

    [Fact]
    public void The_exif_orientation_is_applied_to_the_pixels_before_it_is_dropped()
    {
        var result = PhotoSanitizer.Normalize(TestImages.JpegWithOrientation(6), Cap);
        result.Refusal.Should().Be(PhotoRefusal.None);
        using var bitmap = SkiaSharp.SKBitmap.Decode(result.Jpeg);
        ((bitmap.Width, bitmap.Height)).Should().Be((TestImages.Height, TestImages.Width));
        // Turned 90° clockwise: the stored top-left corner is now shown top-right.
        (bitmap.GetPixel(bitmap.Width - 2, 1).Red > 200).Should().BeTrue(bitmap.GetPixel(bitmap.Width - 2, 1).ToString());
        (bitmap.GetPixel(1, 1).Blue > 200).Should().BeTrue(bitmap.GetPixel(1, 1).ToString());
        (bitmap.GetPixel(bitmap.Width - 2, bitmap.Height - 2).Blue > 200).Should().BeTrue();
    }

    [Theory]
    [InlineData("GIF89a")]
    [InlineData("%PDF-1.7")]
    [InlineData("")]
    public void Other_bytes_are_not_images(string text)
    {
        PhotoSanitizer.Detect(Encoding.ASCII.GetBytes(text)).Should().BeNull();
        PhotoSanitizer.Normalize(Encoding.ASCII.GetBytes(text), Cap).Refusal.Should().Be(PhotoRefusal.NotAnImage);
    }

    [Fact]
    public void Images_that_do_not_decode_are_refused()
    {
        PhotoSanitizer.Normalize([0xFF, 0xD8, 0xFF, 0xD9], Cap).Refusal.Should().Be(PhotoRefusal.Malformed);
        var jpeg = TestImages.JpegWithMetadata();
        PhotoSanitizer.Normalize(jpeg[..(jpeg.Length / 2)], Cap).Refusal.Should().Be(PhotoRefusal.Malformed);
        var png = TestImages.PngWithMetadata();
        PhotoSanitizer.Normalize(png[..(png.Length / 2)], Cap).Refusal.Should().Be(PhotoRefusal.Malformed);
        PhotoSanitizer.Detect(jpeg.AsSpan(0, 20)).Should().Be(PhotoFormat.Jpeg);
    }

    [Fact]
    public void Too_many_pixels_are_refused_from_the_header()
    {
        PhotoSanitizer.Normalize(TestImages.PngDeclaring(50_000, 50_000), Cap).Refusal.Should().Be(PhotoRefusal.TooManyPixels);
        PhotoSanitizer.Normalize(TestImages.JpegWithMetadata(), (TestImages.Width * TestImages.Height) - 1).Refusal.Should().Be(PhotoRefusal.TooManyPixels);
        PhotoSanitizer.Normalize(TestImages.JpegWithMetadata(), TestImages.Width * TestImages.Height).Refusal.Should().Be(PhotoRefusal.None);
    }

    [Fact]
    public void The_cipher_round_trips_names_its_key_and_detects_tampering()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var cipher = new PhotoCipher(key);
        cipher.KeyId.Should().Be(Convert.ToHexStringLower(SHA256.HashData(key))[..8]);
        var photo = TestImages.JpegWithMetadata();
        var sealedBytes = cipher.Encrypt(photo);
        Encoding.ASCII.GetString(sealedBytes, 0, 12).Should().Be("APH1" + cipher.KeyId);
        cipher.Decrypt(sealedBytes).Should().Equal(photo);

        sealedBytes[^1] ^= 1;
        FluentActions.Invoking(() => cipher.Decrypt(sealedBytes)).Should().Throw<CryptographicException>();
        FluentActions.Invoking(() => new PhotoCipher(RandomNumberGenerator.GetBytes(32)).Decrypt(cipher.Encrypt([1, 2, 3]))).Should().Throw<CryptographicException>();
    }
}
