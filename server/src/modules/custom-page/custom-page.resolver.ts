import { Arg, Authorized, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { RecordKind } from '../custom-field/custom-field.model';
import type { PageTemplateEntity } from './custom-page.entity';
import {
  type CustomPage,
  applyPageTemplate,
  blockValues,
  createPageTemplate,
  deletePageTemplate,
  getCustomPage,
  listPageTemplates,
  saveCustomPage,
  updatePageTemplate,
} from './custom-page.service';
import { type PageBlock, PageBlockKind } from './page-blocks';

@ObjectType('PageBlock', { description: 'A block placed on the 12-column grid of a custom page.' })
export class PageBlockType {
  @Field() id: string;
  @Field(() => PageBlockKind) kind: PageBlockKind;
  @Field(() => Int, { description: 'Column, 0 to 11.' }) x: number;
  @Field(() => Int, { description: 'Row, from 0.' }) y: number;
  @Field(() => Int, { description: 'Width in columns.' }) w: number;
  @Field(() => Int, { description: 'Height in rows.' }) h: number;
  @Field(() => String, { nullable: true }) text: string | null;
  @Field(() => String, { nullable: true }) url: string | null;
  @Field(() => String, { nullable: true, description: 'Record field name or custom field key.' }) field: string | null;
  @Field(() => String, { nullable: true, description: "Dynamic blocks: the field's label." }) fieldLabel: string | null;
  @Field(() => String, { nullable: true, description: "Dynamic blocks on a record's page: the live value." })
  display: string | null;
}

@InputType()
export class PageBlockInput {
  @Field(() => String, { nullable: true, description: 'Kept when given; generated otherwise.' }) id?: string | null;
  @Field(() => PageBlockKind) kind: PageBlockKind;
  @Field(() => Int) x: number;
  @Field(() => Int) y: number;
  @Field(() => Int) w: number;
  @Field(() => Int) h: number;
  @Field(() => String, { nullable: true }) text?: string | null;
  @Field(() => String, { nullable: true }) url?: string | null;
  @Field(() => String, { nullable: true }) field?: string | null;
}

@ObjectType('CustomPage', { description: 'The "Personnalisé" tab of a company or contact.' })
export class CustomPageType {
  @Field(() => RecordKind) recordKind: RecordKind;
  @Field(() => ID) recordId: string;
  @Field(() => [PageBlockType]) blocks: PageBlockType[];
  @Field(() => Date, { nullable: true, description: 'Null until the page is first saved.' }) updatedAt: Date | null;
}

@ObjectType('PageTemplate')
export class PageTemplateType {
  @Field(() => ID) id: string;
  @Field(() => RecordKind) recordKind: RecordKind;
  @Field() name: string;
  @Field(() => [PageBlockType]) blocks: PageBlockType[];
}

@InputType()
export class CreatePageTemplateInput {
  @Field(() => RecordKind) recordKind: RecordKind;
  @Field() name: string;
  @Field(() => [PageBlockInput], { nullable: true }) blocks?: PageBlockInput[] | null;
}

@InputType({ description: 'Only the fields given change; blocks is the whole new layout.' })
export class UpdatePageTemplateInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => [PageBlockInput], { nullable: true }) blocks?: PageBlockInput[] | null;
}

const plainBlock = (b: PageBlock): PageBlockType => ({ ...b, fieldLabel: null, display: null });

async function toPage(gctx: GqlContext, page: CustomPage): Promise<CustomPageType> {
  const values = await blockValues(serviceCtx(gctx), page, gctx.locale);
  return {
    ...page,
    blocks: page.blocks.map((b) => ({
      ...b,
      fieldLabel: values.get(b.id)?.label ?? null,
      display: values.get(b.id)?.display ?? null,
    })),
  };
}

const toTemplate = (t: PageTemplateEntity): PageTemplateType => ({
  id: t.id,
  recordKind: t.recordKind,
  name: t.name,
  blocks: t.blocks.map(plainBlock),
});

@Resolver(() => CustomPageType)
export class CustomPageResolver {
  @Authorized()
  @Query(() => CustomPageType, { description: "A record's custom page (empty until saved)." })
  async customPage(
    @Arg('recordKind', () => RecordKind) recordKind: RecordKind,
    @Arg('recordId', () => ID) recordId: string,
    @Ctx() gctx: GqlContext,
  ): Promise<CustomPageType> {
    return toPage(gctx, await getCustomPage(serviceCtx(gctx), recordKind, recordId));
  }

  @Authorized()
  @Mutation(() => CustomPageType, { description: 'Saves the whole layout of a record page.' })
  async saveCustomPage(
    @Arg('recordKind', () => RecordKind) recordKind: RecordKind,
    @Arg('recordId', () => ID) recordId: string,
    @Arg('blocks', () => [PageBlockInput]) blocks: PageBlockInput[],
    @Ctx() gctx: GqlContext,
  ): Promise<CustomPageType> {
    return toPage(gctx, await saveCustomPage(serviceCtx(gctx), recordKind, recordId, blocks));
  }

  @Authorized()
  @Mutation(() => CustomPageType, { description: "Copies a template's blocks onto the page, below its content." })
  async applyPageTemplate(
    @Arg('recordKind', () => RecordKind) recordKind: RecordKind,
    @Arg('recordId', () => ID) recordId: string,
    @Arg('templateId', () => ID) templateId: string,
    @Ctx() gctx: GqlContext,
  ): Promise<CustomPageType> {
    return toPage(gctx, await applyPageTemplate(serviceCtx(gctx), recordKind, recordId, templateId));
  }

  @Authorized()
  @Query(() => [PageTemplateType])
  async pageTemplates(
    @Arg('recordKind', () => RecordKind) recordKind: RecordKind,
    @Ctx() gctx: GqlContext,
  ): Promise<PageTemplateType[]> {
    return (await listPageTemplates(serviceCtx(gctx), recordKind)).map(toTemplate);
  }

  @Authorized('ADMIN')
  @Mutation(() => PageTemplateType)
  async createPageTemplate(
    @Arg('input') input: CreatePageTemplateInput,
    @Ctx() gctx: GqlContext,
  ): Promise<PageTemplateType> {
    return toTemplate(await createPageTemplate(serviceCtx(gctx), input));
  }

  @Authorized('ADMIN')
  @Mutation(() => PageTemplateType)
  async updatePageTemplate(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdatePageTemplateInput,
    @Ctx() gctx: GqlContext,
  ): Promise<PageTemplateType> {
    return toTemplate(await updatePageTemplate(serviceCtx(gctx), id, input));
  }

  @Authorized('ADMIN')
  @Mutation(() => Boolean, { description: 'Pages it was applied to keep their copy.' })
  async deletePageTemplate(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<boolean> {
    await deletePageTemplate(serviceCtx(gctx), id);
    return true;
  }
}
