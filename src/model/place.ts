// Where something happened, as the gazetteer resolves it.

/** Where something happened, resolved against the gazetteer. */
export interface Place {
  id: string;
  name: string;
  /** The name in plain Latin letters, as ACLED's location column writes it. */
  asciiName: string;
  latitude: number;
  longitude: number;
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
  country: string;
  admin1?: string;
  admin2?: string;
  /** OCHA P-codes of the first- and second-level divisions (HXL #adm1+code, #adm2+code), where known. */
  admin1Pcode?: string;
  admin2Pcode?: string;
  /** GeoNames feature code (PPL, PPLA, ADM1, MTS, VAL, ...) or the project's own for curated regions. */
  featureCode: string;
  population?: number;
  geonameid?: number;
}
