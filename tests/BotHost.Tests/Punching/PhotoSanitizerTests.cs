using System.Security.Cryptography;
using System.Text;
using Attendance.BotHost.Punching.Photos;

namespace Attendance.BotHost.Tests.Punching;

public sealed class PhotoSanitizerTests
{
    [Fact]
    public void Jpeg_loses_exif_and_comments_and_keeps_everything_else_byte_for_byte()
    {
        var stripped = PhotoSanitizer.Strip(TestImages.JpegWithMetadata());
        Assert.Equal(TestImages.JpegStripped(), stripped);
        Assert.DoesNotContain(TestImages.Secret, Encoding.ASCII.GetString(stripped!), StringComparison.Ordinal);
        Assert.Equal(TestImages.JpegStripped(), PhotoSanitizer.Strip(TestImages.JpegStripped()));
    }

    [Fact]
    public void Png_loses_text_and_exif_chunks()
    {
        var stripped = PhotoSanitizer.Strip(TestImages.PngWithMetadata());
        Assert.Equal(TestImages.PngStripped(), stripped);
        Assert.DoesNotContain(TestImages.Secret, Encoding.Latin1.GetString(stripped!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GIF89a")]
    [InlineData("%PDF-1.7")]
    [InlineData("")]
    public void Other_bytes_are_not_images(string text) =>
        Assert.Null(PhotoSanitizer.Detect(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Truncated_containers_are_refused()
    {
        var jpeg = TestImages.JpegWithMetadata();
        Assert.Null(PhotoSanitizer.Strip(jpeg[..20]));
        var png = TestImages.PngWithMetadata();
        Assert.Null(PhotoSanitizer.Strip(png[..(png.Length - 12)]));
        Assert.Equal(PhotoFormat.Jpeg, PhotoSanitizer.Detect(jpeg.AsSpan(0, 20)));
    }

    [Fact]
    public void The_cipher_round_trips_names_its_key_and_detects_tampering()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var cipher = new PhotoCipher(key);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(key))[..8], cipher.KeyId);
        var sealedBytes = cipher.Encrypt(TestImages.JpegStripped());
        Assert.Equal("APH1" + cipher.KeyId, Encoding.ASCII.GetString(sealedBytes, 0, 12));
        Assert.Equal(TestImages.JpegStripped(), cipher.Decrypt(sealedBytes));

        sealedBytes[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => cipher.Decrypt(sealedBytes));
        Assert.ThrowsAny<CryptographicException>(() => new PhotoCipher(RandomNumberGenerator.GetBytes(32)).Decrypt(cipher.Encrypt([1, 2, 3])));
    }
}
