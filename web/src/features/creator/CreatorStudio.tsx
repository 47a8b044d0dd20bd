import { Route, Routes } from 'react-router';
import { DropManage } from './DropManage';
import { NewDrop } from './NewDrop';
import { ProductForm } from './ProductForm';
import { StudioHome } from './StudioHome';
import './creator.css';

/** The creator studio, mounted at /creator/* (lazy: not part of the shopper bundle). */
export function CreatorStudio() {
  return (
    <Routes>
      <Route index element={<StudioHome />} />
      <Route path="products/:productId" element={<ProductForm />} />
      <Route path="drops/new" element={<NewDrop />} />
      <Route path="drops/:dropId" element={<DropManage />} />
      <Route path="*" element={<StudioHome />} />
    </Routes>
  );
}
