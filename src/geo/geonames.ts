// Readers for GeoNames dump formats (geoname main table, as in cities500.txt or SY.txt).

export interface GeonameRow {
  geonameid: number;
  name: string;
  asciiname: string;
  alternatenames: string[];
  latitude: number;
  longitude: number;
  featureClass: string;
  featureCode: string;
  countryCode: string;
  admin1Code: string;
  admin2Code: string;
  population: number;
}

export class GeonamesFormatError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
  ) {
    super(`${file}:${line}: ${message}`);
    this.name = 'GeonamesFormatError';
  }
}

/** Parses one line of the 19-column geoname table; throws GeonamesFormatError naming file and line. */
export function parseGeonameLine(line: string, file: string, lineNo: number): GeonameRow {
  const f = line.split('\t');
  if (f.length < 15) {
    throw new GeonamesFormatError(`expected 19 tab-separated columns, found ${f.length}`, file, lineNo);
  }
  const geonameid = Number(f[0]);
  const latitude = Number(f[4]);
  const longitude = Number(f[5]);
  if (!Number.isInteger(geonameid) || geonameid <= 0) {
    throw new GeonamesFormatError(`geonameid "${f[0]}" is not a positive integer`, file, lineNo);
  }
  if (!Number.isFinite(latitude) || Math.abs(latitude) > 90 || f[4] === '') {
    throw new GeonamesFormatError(`latitude "${f[4]}" is not a number in [-90, 90]`, file, lineNo);
  }
  if (!Number.isFinite(longitude) || Math.abs(longitude) > 180 || f[5] === '') {
    throw new GeonamesFormatError(`longitude "${f[5]}" is not a number in [-180, 180]`, file, lineNo);
  }
  const name = f[1] ?? '';
  if (name.trim() === '') throw new GeonamesFormatError('name is empty', file, lineNo);
  return {
    geonameid,
    name,
    asciiname: f[2] ?? '',
    alternatenames: f[3] ? f[3].split(',').filter((s) => s !== '') : [],
    latitude,
    longitude,
    featureClass: f[6] ?? '',
    featureCode: f[7] ?? '',
    countryCode: f[8] ?? '',
    admin1Code: f[10] ?? '',
    admin2Code: f[11] ?? '',
    population: Number(f[14]) || 0,
  };
}
