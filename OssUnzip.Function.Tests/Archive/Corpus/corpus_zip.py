"""Test-time ZIP writer for the OssUnzip corpus, driven by a JSON spec on stdin.

Commands (argv[1]):
  write    -- write one archive with CPython's zipfile, with exact raw name bytes per entry.
  mkfiles  -- create files whose names are exact bytes (GBK, CP437, ...) for other tools to archive.
Names are given as 'name_hex', or as 'name' plus an 'encoding' that Python's codecs apply (gbk, cp437),
so the fixture bytes do not come from the .NET encoders under test.

CPython's zipfile encodes str names itself (ASCII, else UTF-8 plus flag bit 11), so RawNameInfo
overrides that one hook to put the given bytes and flags in both headers, as a Chinese Windows or DOS
tool would. The C# side checks the written bytes, so a change in zipfile's internals fails loudly.
"""
import io
import json
import os
import struct
import sys
import zipfile
import zlib


class RawNameInfo(zipfile.ZipInfo):
    __slots__ = ('raw_name',)

    def _encodeFilenameFlags(self):
        return self.raw_name, self.flag_bits


class Unseekable(io.RawIOBase):
    """A write-only stream that cannot tell or seek, so zipfile streams with data descriptors."""

    def __init__(self, target):
        super().__init__()
        self._target = target

    def writable(self):
        return True

    def write(self, data):
        return self._target.write(data)


def unicode_path_extra(raw_name, unicode_name, crc_override):
    name = unicode_name.encode('utf-8')
    crc = zlib.crc32(raw_name) if crc_override is None else crc_override
    body = struct.pack('<BI', 1, crc) + name
    return struct.pack('<HH', 0x7075, len(body)) + body


def entries_of(spec):
    for index, entry in enumerate(spec.get('entries', [])):
        yield index, entry
    generated = spec.get('generate')
    if generated:
        for n in range(generated['count']):
            name = '%s%06d.txt' % (generated['prefix'], n)
            yield n, {'name_hex': name.encode('ascii').hex(), 'data_hex': ('%d\n' % n).encode('ascii').hex()}


def raw_name_of(entry):
    """Name bytes: 'name_hex' as given, or 'name' encoded by Python's own codec ('encoding', default UTF-8)."""
    if 'name_hex' in entry:
        return bytes.fromhex(entry['name_hex'])
    return entry['name'].encode(entry.get('encoding', 'utf-8'))


def write(spec):
    with open(spec['path'], 'wb') as target:
        sink = Unseekable(target) if spec.get('stream') else target
        with zipfile.ZipFile(sink, 'w', allowZip64=True) as archive:
            for index, entry in entries_of(spec):
                raw = raw_name_of(entry)
                info = RawNameInfo(raw.decode('latin-1') + '\u0001%d' % index, date_time=(2024, 5, 17, 12, 0, 0))
                info.raw_name = raw
                info.flag_bits = entry.get('flag_bits', 0)
                info.compress_type = zipfile.ZIP_DEFLATED if entry.get('deflate', True) else zipfile.ZIP_STORED
                info.create_system = entry.get('create_system', 3)
                info.external_attr = entry.get('external_attr', 0o100644 << 16)
                extra = b''
                if 'unicode_path' in entry:
                    extra += unicode_path_extra(raw, entry['unicode_path'], entry.get('unicode_path_crc'))
                info.extra = extra
                data = bytes.fromhex(entry.get('data_hex', ''))
                zero_bytes = entry.get('zero_bytes')
                if zero_bytes:
                    with archive.open(info, 'w', force_zip64=True) as out:
                        chunk = bytes(1 << 20)
                        left = zero_bytes
                        while left:
                            step = min(left, len(chunk))
                            out.write(chunk[:step])
                            left -= step
                else:
                    archive.writestr(info, data)
            if 'comment_hex' in spec:
                archive.comment = bytes.fromhex(spec['comment_hex'])


def mkfiles(spec):
    root = spec['directory'].encode('utf-8')
    for entry in spec['files']:
        path = os.path.join(root, raw_name_of(entry))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'wb') as f:
            f.write(bytes.fromhex(entry.get('data_hex', '')))


if __name__ == '__main__':
    command = sys.argv[1]
    payload = json.load(sys.stdin)
    {'write': write, 'mkfiles': mkfiles}[command](payload)
