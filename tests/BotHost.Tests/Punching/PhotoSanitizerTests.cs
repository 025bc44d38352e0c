using System.Security.Cryptography;
using System.Text;
using Attendance.BotHost.Punching.Photos;

namespace Attendance.BotHost.Tests.Punching;

public sealed class PhotoSanitizerTests
{
    private const long Cap = 16 * 1024 * 1024;

    [Fact]
    public void A_jpeg_is_re_encoded_and_keeps_nothing_but_pixels()
    {
        var result = PhotoSanitizer.Normalize(TestImages.JpegWithMetadata(), Cap);
        Assert.Equal(PhotoRefusal.None, result.Refusal);
        TestImages.AssertPixelsOnly(result.Jpeg!);
    }

    [Fact]
    public void A_png_is_re_encoded_as_jpeg_without_its_chunks()
    {
        var result = PhotoSanitizer.Normalize(TestImages.PngWithMetadata(), Cap);
        Assert.Equal(PhotoRefusal.None, result.Refusal);
        TestImages.AssertPixelsOnly(result.Jpeg!);
    }

    [Fact]
    public void The_exif_orientation_is_applied_to_the_pixels_before_it_is_dropped()
    {
        var result = PhotoSanitizer.Normalize(TestImages.JpegWithOrientation(6), Cap);
        Assert.Equal(PhotoRefusal.None, result.Refusal);
        using var bitmap = SkiaSharp.SKBitmap.Decode(result.Jpeg);
        Assert.Equal((TestImages.Height, TestImages.Width), (bitmap.Width, bitmap.Height));
        // Turned 90° clockwise: the stored top-left corner is now shown top-right.
        Assert.True(bitmap.GetPixel(bitmap.Width - 2, 1).Red > 200, bitmap.GetPixel(bitmap.Width - 2, 1).ToString());
        Assert.True(bitmap.GetPixel(1, 1).Blue > 200, bitmap.GetPixel(1, 1).ToString());
        Assert.True(bitmap.GetPixel(bitmap.Width - 2, bitmap.Height - 2).Blue > 200);
    }

    [Theory]
    [InlineData("GIF89a")]
    [InlineData("%PDF-1.7")]
    [InlineData("")]
    public void Other_bytes_are_not_images(string text)
    {
        Assert.Null(PhotoSanitizer.Detect(Encoding.ASCII.GetBytes(text)));
        Assert.Equal(PhotoRefusal.NotAnImage, PhotoSanitizer.Normalize(Encoding.ASCII.GetBytes(text), Cap).Refusal);
    }

    [Fact]
    public void Images_that_do_not_decode_are_refused()
    {
        Assert.Equal(PhotoRefusal.Malformed, PhotoSanitizer.Normalize([0xFF, 0xD8, 0xFF, 0xD9], Cap).Refusal);
        var jpeg = TestImages.JpegWithMetadata();
        Assert.Equal(PhotoRefusal.Malformed, PhotoSanitizer.Normalize(jpeg[..(jpeg.Length / 2)], Cap).Refusal);
        var png = TestImages.PngWithMetadata();
        Assert.Equal(PhotoRefusal.Malformed, PhotoSanitizer.Normalize(png[..(png.Length / 2)], Cap).Refusal);
        Assert.Equal(PhotoFormat.Jpeg, PhotoSanitizer.Detect(jpeg.AsSpan(0, 20)));
    }

    [Fact]
    public void Too_many_pixels_are_refused_from_the_header()
    {
        Assert.Equal(PhotoRefusal.TooManyPixels, PhotoSanitizer.Normalize(TestImages.PngDeclaring(50_000, 50_000), Cap).Refusal);
        Assert.Equal(PhotoRefusal.TooManyPixels,
            PhotoSanitizer.Normalize(TestImages.JpegWithMetadata(), (TestImages.Width * TestImages.Height) - 1).Refusal);
        Assert.Equal(PhotoRefusal.None, PhotoSanitizer.Normalize(TestImages.JpegWithMetadata(), TestImages.Width * TestImages.Height).Refusal);
    }

    [Fact]
    public void The_cipher_round_trips_names_its_key_and_detects_tampering()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var cipher = new PhotoCipher(key);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(key))[..8], cipher.KeyId);
        var photo = TestImages.JpegWithMetadata();
        var sealedBytes = cipher.Encrypt(photo);
        Assert.Equal("APH1" + cipher.KeyId, Encoding.ASCII.GetString(sealedBytes, 0, 12));
        Assert.Equal(photo, cipher.Decrypt(sealedBytes));

        sealedBytes[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => cipher.Decrypt(sealedBytes));
        Assert.ThrowsAny<CryptographicException>(() => new PhotoCipher(RandomNumberGenerator.GetBytes(32)).Decrypt(cipher.Encrypt([1, 2, 3])));
    }
}
