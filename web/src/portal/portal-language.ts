import { useEffect, useState } from 'react';
import { DEFAULT_LANGUAGE, languageOfLocale } from '../../../src/domain/language.ts';
import { setDisplayLocale } from '../format.ts';
import { i18next } from '../i18n.ts';
import { useBrandingSettled, usePortalBranding } from './PortalBrand.tsx';
import type { PortalMe } from './portal-types.ts';

/**
 * Speaks the signed-in client's language, or the organisation's before anyone signs in, with dates and money in
 * the matching locale. True once that language's messages are loaded: pages wait for it rather than flash English.
 */
export function usePortalLanguage(me: PortalMe | null | undefined): boolean {
  const branding = usePortalBranding();
  const settled = useBrandingSettled();
  // Both answers carry the resolved language and locale: the client's once signed in, else the organisation's.
  const reader = me?.client.language ? me.client : branding;
  const language = languageOfLocale(reader?.language) ?? DEFAULT_LANGUAGE;
  const locale = reader?.locale ?? language;
  const wanted = `${language}|${locale}`;
  const [shown, setShown] = useState<string | null>(null);
  useEffect(() => {
    if (!settled) return;
    let live = true;
    setDisplayLocale(locale);
    document.documentElement.lang = language;
    i18next.changeLanguage(language).then(
      () => live && setShown(wanted),
      () => live && setShown(wanted),
    );
    return () => {
      live = false;
    };
  }, [settled, language, locale, wanted]);
  return shown === wanted;
}
